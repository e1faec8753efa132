// Wires the weekly report's parts for the connector: the mail settings from the configuration, and one "build and mail
// the report of a week" step shared by `sphere serve`'s schedule and `sphere report weekly --send`.
import type { Logger } from 'pino';
import type { ConnectorConfig } from '../config';
import { buildWeeklyReport, type WeeklyReportDeps } from '../workflows/weekly-report';
import type { IsoWeek } from './iso-week';
import { mailWeeklyReport, smtpTarget, type MailResult, type MailSettings } from './mailer';
import { WeeklyReportSchedule, systemClock, type ScheduleClock } from './schedule';

/** The configured recipients and SMTP server, or null when the weekly e-mail is not configured. */
export function mailSettingsOf(config: Pick<ConnectorConfig, 'reportTo' | 'smtpUrl' | 'reportFrom'>): MailSettings | null {
  if (!config.smtpUrl || !config.reportTo || config.reportTo.length === 0) return null;
  return { smtpUrl: config.smtpUrl, to: config.reportTo, from: config.reportFrom ?? `sphere@${new URL(config.smtpUrl).hostname}` };
}

export async function sendWeeklyReport(deps: WeeklyReportDeps, week: IsoWeek, settings: MailSettings, now: Date): Promise<MailResult> {
  return mailWeeklyReport(await buildWeeklyReport(deps, week, now), settings);
}

/** A claim older than this belongs to a connector that died while sending: another may take the week over. */
export const CLAIM_STALE_MS = 30 * 60_000;

/**
 * The Monday schedule when the e-mail is configured (not started yet), else null. Each week is claimed in the database
 * before it is mailed and marked sent after, so connectors sharing the database mail it once.
 */
export function scheduleFromConfig(deps: WeeklyReportDeps & { config: ConnectorConfig; log: Logger }, clock: ScheduleClock = systemClock): WeeklyReportSchedule | null {
  const settings = mailSettingsOf(deps.config);
  if (!settings) return null;
  const log = deps.log.child({ component: 'weekly-report', smtp: smtpTarget(settings.smtpUrl), recipients: settings.to.length });
  const runs = deps.store.reportRuns;
  return new WeeklyReportSchedule(async (week) => {
    const now = clock.now();
    if (!(await runs.claim(week.label, now.toISOString(), new Date(now.getTime() - CLAIM_STALE_MS).toISOString()))) return 'skipped';
    try {
      const result = await sendWeeklyReport(deps, week, settings, now);
      if (result.rejected.length > 0) log.warn({ week: week.label, rejected: result.rejected.length }, 'some recipients of the weekly report were refused');
    } catch (err) {
      await runs.release(week.label).catch(() => undefined); // a retry, here or elsewhere, may claim it again
      throw err;
    }
    await runs.markSent(week.label, clock.now().toISOString());
    return 'sent';
  }, log, clock, { sentAlready: (week) => runs.isSent(week.label) });
}
