// Summary consent/provenance fields on SuiteCRM's person modules, kept the way SuiteCRM keeps custom fields
// (<table>_cstm columns ending _c plus fields_meta_data rows) so Studio, list views and reports show them.
// Runs only on MariaDB/MySQL holding SuiteCRM's tables; down removes exactly these columns and rows.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export const SPHERE_PERSON_MODULES = [
  { module: 'Contacts', table: 'contacts' },
  { module: 'Leads', table: 'leads' },
  { module: 'Prospects', table: 'prospects' },
] as const;

export const SPHERE_CUSTOM_FIELDS = [
  { name: 'sphere_consent_status_c', vname: 'LBL_SPHERE_CONSENT_STATUS', type: 'varchar', len: 100, ddl: 'varchar(100) NULL' },
  { name: 'sphere_source_c', vname: 'LBL_SPHERE_SOURCE', type: 'varchar', len: 255, ddl: 'varchar(255) NULL' },
  { name: 'sphere_art14_due_c', vname: 'LBL_SPHERE_ART14_DUE', type: 'date', len: null, ddl: 'date NULL' },
  { name: 'sphere_last_decision_c', vname: 'LBL_SPHERE_LAST_DECISION', type: 'varchar', len: 255, ddl: 'varchar(255) NULL' },
] as const;

const isMysql = (qr: QueryRunner): boolean => ['mysql', 'mariadb'].includes(qr.connection.options.type);

async function tableExists(qr: QueryRunner, table: string): Promise<boolean> {
  const rows = await qr.query('SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [table]);
  return rows.length > 0;
}

async function columnNames(qr: QueryRunner, table: string): Promise<string[]> {
  const rows: Array<{ name: string }> = await qr.query(
    'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?', [table]);
  return rows.map((r) => r.name);
}

type SummaryModule = { readonly module: string; readonly table: string };

/** Adds the fields to each module's _cstm table (created as SuiteCRM creates it when missing) and fields_meta_data. */
export async function addSphereFields(qr: QueryRunner, modules: readonly SummaryModule[]): Promise<void> {
  if (!isMysql(qr)) return;
  const hasMeta = await tableExists(qr, 'fields_meta_data');
  for (const { module, table } of modules) {
    if (!(await tableExists(qr, table))) continue;
    const cstm = `${table}_cstm`;
    if (!(await tableExists(qr, cstm))) {
      // Same shape as DynamicField::createCustomTable().
      await qr.query(`CREATE TABLE \`${cstm}\` (id_c char(36) NOT NULL, PRIMARY KEY (id_c)) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
    }
    const existing = await columnNames(qr, cstm);
    for (const field of SPHERE_CUSTOM_FIELDS) {
      if (!existing.includes(field.name)) await qr.query(`ALTER TABLE \`${cstm}\` ADD COLUMN \`${field.name}\` ${field.ddl}`);
      if (!hasMeta) continue;
      await qr.query(
        `INSERT INTO fields_meta_data (id, name, vname, comments, help, custom_module, type, len, required, default_value,
           date_modified, deleted, audited, massupdate, duplicate_merge, reportable, importable, ext1, ext2, ext3, ext4)
         SELECT ?, ?, ?, NULL, NULL, ?, ?, ?, 0, NULL, UTC_TIMESTAMP(), 0, 1, 0, 0, 1, 'true', NULL, NULL, NULL, NULL
         FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM fields_meta_data WHERE id = ?)`,
        [`${module}${field.name}`, field.name, field.vname, module, field.type, field.len, `${module}${field.name}`]);
    }
  }
}

/** Removes exactly what addSphereFields() added; a _cstm table left with nothing but id_c was created by it. */
export async function removeSphereFields(qr: QueryRunner, modules: readonly SummaryModule[]): Promise<void> {
  if (!isMysql(qr)) return;
  const hasMeta = await tableExists(qr, 'fields_meta_data');
  for (const { module, table } of modules) {
    const cstm = `${table}_cstm`;
    if (hasMeta) {
      await qr.query('DELETE FROM fields_meta_data WHERE id IN (?)', [SPHERE_CUSTOM_FIELDS.map((f) => `${module}${f.name}`)]);
    }
    if (!(await tableExists(qr, cstm))) continue;
    const existing = await columnNames(qr, cstm);
    for (const field of SPHERE_CUSTOM_FIELDS) {
      if (existing.includes(field.name)) await qr.query(`ALTER TABLE \`${cstm}\` DROP COLUMN \`${field.name}\``);
    }
    // SuiteCRM creates _cstm tables only for fields, so one with nothing but id_c left was created by addSphereFields()
    if ((await columnNames(qr, cstm)).length === 1) await qr.query(`DROP TABLE \`${cstm}\``);
  }
}

export class SuiteCrmCustomFields1732300000001 implements MigrationInterface {
  name = 'SuiteCrmCustomFields1732300000001';

  async up(qr: QueryRunner): Promise<void> {
    await addSphereFields(qr, SPHERE_PERSON_MODULES);
  }

  async down(qr: QueryRunner): Promise<void> {
    await removeSphereFields(qr, SPHERE_PERSON_MODULES);
  }
}
