// Sends the weekly report to the DPO through SMTP (nodemailer): one message, text and HTML part, German first. The SMTP
// URL carries the password, so nothing here puts the URL or an error's text anywhere without removing it first.
import { createTransport } from 'nodemailer';
import type { WeeklyReport } from '../workflows/weekly-report';
import { reportHtml, reportSubject, reportText } from './render';

export interface MailSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465 */
  smtpUrl: string;
  from: string;
  to: string[];
}

export interface MailResult { messageId: string; accepted: string[]; rejected: string[] }

/** The SMTP server without credentials, for logs: `smtp://mail.example.com:587`. */
export function smtpTarget(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unparsable SMTP URL)';
  }
}

/** `text` with the SMTP URL's password (as written and decoded) and any URL credentials replaced by `***`. */
export function withoutSecrets(text: string, smtpUrl: string): string {
  let out = text.replace(/\/\/\S*@/g, '//***@'); // up to a token's last `@`: a password may hold `/` or `@`
  let password = '';
  try {
    password = new URL(smtpUrl).password;
  } catch {
    password = /\/\/[^:@\s]*:(\S*)@/.exec(smtpUrl)?.[1] ?? '';
  }
  const secrets = new Set([password, safeDecode(password)].filter((s) => s.length > 0));
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const addresses = (list: unknown): string[] => (Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address))) : []);

/** Sends the report; rejects with an Error whose message has no credentials in it. */
export async function mailWeeklyReport(report: WeeklyReport, settings: MailSettings): Promise<MailResult> {
  const transport = createTransport({
    url: settings.smtpUrl,
    // A hanging server must not hold a retry for minutes.
    connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: reportSubject(report),
      text: reportText(report),
      html: reportHtml(report),
    });
    return { messageId: String(info.messageId), accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw new Error(`sending the weekly report via ${smtpTarget(settings.smtpUrl)} failed: ${withoutSecrets(e.message ?? String(err), settings.smtpUrl)}${e.code ? ` (${e.code})` : ''}`);
  } finally {
    transport.close();
  }
}
