// Nonces of signed SuiteCRM → connector requests, kept until their timestamp has left the replay window, so a captured
// request cannot be replayed after a restart or to another connector instance on the same database. The primary key is
// the signed timestamp (unix seconds) and the nonce: claiming is one insert, a duplicate key is a replay, and as
// timestamps grow the inserts append to the key's end (a random nonce first would touch a random page of a table
// holding every request of the window) and the periodic sweep deletes from its start. On MariaDB/MySQL the table is
// utf8mb4 with binary collation like Sphere's other tables (nonces are hex, compared exactly as signed); on SQLite it
// is a WITHOUT ROWID table (one b-tree).
import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { isMysql } from './1732300000000-CreateSphereTables';

export class RequestNonces1732300000005 implements MigrationInterface {
  name = 'RequestNonces1732300000005';

  async up(qr: QueryRunner): Promise<void> {
    await qr.createTable(new Table({
      name: 'sphere_request_nonces',
      columns: [
        { name: 'issued_at', type: 'bigint', isPrimary: true },
        { name: 'nonce', type: 'varchar', length: '128', isPrimary: true },
      ],
      withoutRowid: !isMysql(qr),
    }));
    if (isMysql(qr)) await qr.query('ALTER TABLE `sphere_request_nonces` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin');
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('sphere_request_nonces');
  }
}
