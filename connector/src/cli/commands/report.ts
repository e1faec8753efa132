// `sphere report weekly`: prints the DPO's weekly report (German, then English) for a week of the configured database,
// and with --send mails it like `sphere serve` does on Mondays. Open Art. 14 notices come from the database's active
// policy revision only: a report never compiles or publishes the policy folder.
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { PolicyEngine } from '../../engine/policy-engine';
import { PolicyPublisher } from '../../engine/publisher';
import { ConnectorMetrics } from '../../metrics';
import { buildWeeklyReport } from '../../workflows/weekly-report';
import { lastCompleteWeek, parseIsoWeek } from '../../report/iso-week';
import { mailSettingsOf } from '../../report/delivery';
import { mailWeeklyReport, smtpTarget } from '../../report/mailer';
import { reportText } from '../../report/render';
import { dbOption, withStore } from './migrate';

interface WeeklyOptions { week?: string; db?: string; send?: boolean; json?: boolean }

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('reports for the data protection officer');
  report.command('weekly')
    .description('the weekly privacy report (decisions, DPO approvals, consents, open GDPR Art. 14 notices, log integrity) of one ISO week (UTC)')
    .option('--week <YYYY-Www>', 'ISO week, e.g. 2026-W48 (default: the last complete week)')
    .option(...dbOption)
    .option('--send', 'also mail it to SPHERE_REPORT_TO through SPHERE_SMTP_URL')
    .option('--json', 'print the report as JSON instead of text')
    .action(async (opts: WeeklyOptions) => {
      const now = new Date();
      const week = opts.week === undefined ? lastCompleteWeek(now) : parseIsoWeek(opts.week);
      // No HTTP is served here, so the shared secret is not needed; the rest of the configuration is checked as for serve.
      const config = loadConfig({ SPHERE_SHARED_SECRET: 'local-cli-no-http-auth', ...process.env });
      const mail = opts.send ? mailSettingsOf(config) : null;
      if (opts.send && !mail) throw new Error('--send needs SPHERE_REPORT_TO (recipients) and SPHERE_SMTP_URL (smtp://user:password@host:587)');
      await withStore(opts.db, async (store) => {
        const engine = new PolicyEngine();
        const data = await (async () => {
          await new PolicyPublisher(store, engine, new ConnectorMetrics()).loadActive();
          return buildWeeklyReport({ store, engine }, week, now);
        })().catch((err: Error) => {
          if (/no such table|doesn't exist/i.test(err.message)) throw new Error(`this database has no Sphere tables (${err.message}); run \`sphere migrate up\` first`);
          throw err;
        });
        console.log(opts.json ? JSON.stringify(data, null, 2) : reportText(data));
        if (mail) {
          const sent = await mailWeeklyReport(data, mail);
          console.error(`sent to ${sent.accepted.length} recipient(s) via ${smtpTarget(mail.smtpUrl)}${sent.rejected.length ? `; refused: ${sent.rejected.length}` : ''}`);
        }
      });
    });
}
