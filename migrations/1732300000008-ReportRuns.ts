// The weekly DPO report's deliveries, one row per ISO week: a connector claims the week before it mails the report and
// marks it sent after, so several connectors on one database send it once, and one that was down on Monday morning
// sends it when it starts. Keyed by the week (`2026-W48`); binary collation on MariaDB like Sphere's other tables.
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isMysql } from './1732300000000-CreateSphereTables';

export class ReportRuns1732300000008 implements MigrationInterface {
  name = 'ReportRuns1732300000008';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'sphere_report_runs',
      columns: [
        { name: 'week', type: 'varchar', length: '10', isPrimary: true },
        { name: 'status', type: 'varchar', length: '16' },
        { name: 'claimed_at', type: 'varchar', length: '32' },
        { name: 'sent_at', type: 'varchar', length: '32', isNullable: true },
      ],
    }));
    if (isMysql(qr)) await qr.query('ALTER TABLE `sphere_report_runs` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('sphere_report_runs');
  }
}
