// Sphere's own tables. Column types are chosen per driver only where SQLite and MariaDB differ (big text and blobs).
import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

export const isMysql = (qr: QueryRunner): boolean => ['mysql', 'mariadb'].includes(qr.connection.options.type);

function columns(qr: QueryRunner) {
  const bigText = isMysql(qr) ? 'longtext' : 'text';
  const blob = isMysql(qr) ? 'longblob' : 'blob';
  const str = (name: string, length: number, nullable = true): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
  const id = (name = 'id'): TableColumnOptions => ({ ...str(name, 36, false), isPrimary: true });
  const at = (name: string, nullable = true) => str(name, 32, nullable);
  const person = [str('person_module', 32, false), str('person_id', 64, false)];
  return { bigText, blob, str, id, at, person };
}

export class CreateSphereTables1732300000000 implements MigrationInterface {
  name = 'CreateSphereTables1732300000000';

  async up(qr: QueryRunner): Promise<void> {
    const { bigText, blob, str, id, at, person } = columns(qr);
    await qr.createTable(new Table({
      name: 'sphere_consents',
      columns: [id(), ...person, str('purpose', 100, false), str('channel', 16, false), str('status', 16, false),
        at('given_at'), at('withdrawn_at'), at('expires_at'), str('method', 32), { name: 'active_act', type: 'boolean', default: 0 },
        str('proof_ref', 255), str('proof_hash', 128), str('text_version', 100), str('language', 16), str('source', 255),
        str('recorded_by', 100), at('last_used_at'), at('created_at', false)],
      indices: [new TableIndex({ name: 'idx_sphere_consents_person', columnNames: ['person_module', 'person_id'] })],
    }));
    await qr.createTable(new Table({
      name: 'sphere_provenance',
      columns: [id(), ...person, str('field', 100, false), str('source_type', 64, false), str('source_ref', 255), str('method', 64),
        at('collected_at'), str('collected_by', 100), str('legal_basis', 255), str('purpose', 100), at('informed_at'), at('created_at', false)],
      indices: [new TableIndex({ name: 'idx_sphere_provenance_person', columnNames: ['person_module', 'person_id'] })],
    }));
    await qr.createTable(new Table({
      name: 'sphere_decisions',
      columns: [{ name: 'seq', type: 'bigint', isPrimary: true }, str('id', 36, false), at('at', false), str('event', 32, false),
        str('module', 32, false), str('record_id', 64), str('person_module', 32), str('person_id', 64), str('outcome', 16, false),
        { name: 'rules', type: 'text' }, str('revision', 128), { name: 'input', type: bigText }, { name: 'decision', type: bigText },
        str('actor_id', 64), str('prev_hash', 64, false), str('hash', 64, false)],
      indices: [
        new TableIndex({ name: 'idx_sphere_decisions_id', columnNames: ['id'], isUnique: true }),
        new TableIndex({ name: 'idx_sphere_decisions_person', columnNames: ['person_module', 'person_id', 'seq'] }),
      ],
    }));
    await qr.createTable(new Table({
      name: 'sphere_approvals',
      columns: [id(), str('digest', 64, false), str('decision_id', 36), str('event', 32), str('module', 32), str('record_id', 64),
        { name: 'summary', type: 'text', isNullable: true }, str('role', 32, false), { name: 'reason', type: 'text' },
        str('requested_by', 100), str('status', 16, false), str('decided_by', 100), { name: 'comment', type: 'text', isNullable: true },
        at('decided_at'), at('created_at', false)],
      indices: [
        new TableIndex({ name: 'idx_sphere_approvals_digest', columnNames: ['digest', 'status'] }),
        new TableIndex({ name: 'idx_sphere_approvals_status', columnNames: ['status', 'created_at'] }),
      ],
    }));
    await qr.createTable(new Table({
      name: 'sphere_policy_revisions',
      columns: [{ ...str('revision', 128, false), isPrimary: true }, str('sha256', 64, false), { name: 'source', type: blob, isNullable: true },
        { name: 'bundle', type: blob }, str('author', 100, false), at('created_at', false), { name: 'active', type: 'boolean', default: 0 }],
    }));
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const table of ['sphere_policy_revisions', 'sphere_approvals', 'sphere_decisions', 'sphere_provenance', 'sphere_consents']) {
      await qr.dropTable(table);
    }
  }
}
