// Deliveries of the weekly DPO report (table sphere_report_runs, migration 1732300000008): a week is claimed before its
// report is mailed and marked sent after, so connectors sharing the database mail it once. A claim whose connector died
// while sending is taken over once it is stale.
import type { DataSource } from 'typeorm';
import type { Writes } from './write-queue';

export interface ReportRuns {
  /** True when this caller may send the week's report now: nobody has sent it, and nobody is sending it since `staleBefore`. */
  claim(week: string, at: string, staleBefore: string): Promise<boolean>;
  markSent(week: string, at: string): Promise<void>;
  /** Gives a claim up after a failed send, so a retry (of any connector) may claim the week again. */
  release(week: string): Promise<void>;
  isSent(week: string): Promise<boolean>;
}

export function reportRuns(ds: DataSource, writes: Writes): ReportRuns {
  const mysql = ['mysql', 'mariadb'].includes(ds.options.type);
  const insertIgnore = mysql ? 'INSERT IGNORE INTO' : 'INSERT OR IGNORE INTO';
  /** Rows a write changed (TypeORM's structured result: changes on SQLite, affectedRows on MariaDB). */
  const affected = async (sql: string, parameters: unknown[]): Promise<number> => {
    const qr = ds.createQueryRunner();
    try {
      return (await qr.query(sql, parameters, true)).affected ?? 0;
    } finally {
      await qr.release();
    }
  };
  return {
    claim: (week, at, staleBefore) => writes(async () => {
      if (await affected(`${insertIgnore} sphere_report_runs (week, status, claimed_at) VALUES (?, 'sending', ?)`, [week, at]) === 1) return true;
      return await affected("UPDATE sphere_report_runs SET claimed_at = ? WHERE week = ? AND status = 'sending' AND claimed_at < ?",
        [at, week, staleBefore]) === 1;
    }),
    markSent: (week, at) => writes(async () => {
      await ds.query("UPDATE sphere_report_runs SET status = 'sent', sent_at = ? WHERE week = ?", [at, week]);
    }),
    release: (week) => writes(async () => {
      await ds.query("DELETE FROM sphere_report_runs WHERE week = ? AND status = 'sending'", [week]);
    }),
    async isSent(week) {
      const rows: unknown[] = await ds.query("SELECT 1 AS sent FROM sphere_report_runs WHERE week = ? AND status = 'sent'", [week]);
      return rows.length > 0;
    },
  };
}
