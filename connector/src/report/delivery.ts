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

/** The Monday schedule when the e-mail is configured (not started yet), else null. */
export function scheduleFromConfig(deps: WeeklyReportDeps & { config: ConnectorConfig; log: Logger }, clock: ScheduleClock = systemClock): WeeklyReportSchedule | null {
  const settings = mailSettingsOf(deps.config);
  if (!settings) return null;
  const log = deps.log.child({ component: 'weekly-report', smtp: smtpTarget(settings.smtpUrl), recipients: settings.to.length });
  return new WeeklyReportSchedule(async (week) => {
    const result = await sendWeeklyReport(deps, week, settings, clock.now());
    if (result.rejected.length > 0) log.warn({ week: week.label, rejected: result.rejected.length }, 'some recipients of the weekly report were refused');
  }, log, clock);
}
