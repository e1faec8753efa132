// Sphere's tables in utf8mb4 with binary collation on MariaDB/MySQL. CreateSphereTables left the character set to the
// database's default, which SuiteCRM's installer sets to utf8 (utf8mb3): a 4-byte character (emoji) in a consent's
// purpose, a source reference or a decision's input then failed to store. Binary collation also compares ids
// case-sensitively, as SQLite does. SQLite stores any UTF-8 and compares binary already, so it is left alone.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { isMysql } from './1732300000000-CreateSphereTables';

// TypeORM's sphere_migrations is not among them: it holds the migration class names (ASCII) and is TypeORM's own.
const SPHERE_TABLES = ['sphere_consents', 'sphere_provenance', 'sphere_decisions', 'sphere_approvals', 'sphere_policy_revisions', 'sphere_log_head'];

async function convert(qr: QueryRunner, collation: string): Promise<void> {
  if (!isMysql(qr)) return;
  for (const table of SPHERE_TABLES) await qr.query(`ALTER TABLE \`${table}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE ${collation}`);
}

export class SphereTablesUtf8mb41732300000004 implements MigrationInterface {
  name = 'SphereTablesUtf8mb41732300000004';

  async up(qr: QueryRunner): Promise<void> {
    await convert(qr, 'utf8mb4_bin');
  }

  // Back to case-insensitive comparison, but still utf8mb4: going back to utf8mb3 would lose the 4-byte characters stored since.
  async down(qr: QueryRunner): Promise<void> {
    await convert(qr, 'utf8mb4_general_ci');
  }
}
