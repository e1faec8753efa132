// The decision chain's last seq and hash, written in the same transaction as the rows, so rows cut off the end of the
// log (which leaves the remaining chain consistent) are still detected by verify().
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class DecisionLogHead1732300000002 implements MigrationInterface {
  name = 'DecisionLogHead1732300000002';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'sphere_log_head',
      columns: [
        { name: 'id', type: 'int', isPrimary: true },
        { name: 'seq', type: 'bigint' },
        { name: 'hash', type: 'varchar', length: '64' },
      ],
    }));
    // Anchor an existing log at its current end.
    await qr.query('INSERT INTO sphere_log_head (id, seq, hash) SELECT 1, seq, hash FROM sphere_decisions ORDER BY seq DESC LIMIT 1');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('sphere_log_head');
  }
}
