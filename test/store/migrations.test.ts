import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Connection } from 'mysql2/promise';
import { sqlFixture, startMariaDb, type MariaDb } from '../support/mariadb';
import { openStore } from '../../connector/src/store';
import { SPHERE_CUSTOM_FIELDS } from '../../migrations/1732300000001-SuiteCrmCustomFields';

const repoRoot = join(__dirname, '..', '..');
const SUITECRM_TABLES = ['users', 'contacts', 'contacts_cstm', 'leads', 'leads_cstm', 'prospects', 'prospects_cstm', 'accounts', 'accounts_cstm',
  'email_addresses', 'email_addr_bean_rel', 'campaigns', 'campaign_log', 'emailman', 'email_marketing', 'email_marketing_prospect_lists',
  'prospect_lists', 'prospect_lists_prospects', 'prospect_list_campaigns'];
const sphereFieldNames: string[] = SPHERE_CUSTOM_FIELDS.map((f) => f.name);

function sphere(...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'sphere'), ...args], { encoding: 'utf8', cwd: repoRoot });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Row counts and a content checksum of SuiteCRM's rows, ignoring only the columns Sphere adds. */
async function suitecrmFingerprint(conn: Connection): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of SUITECRM_TABLES) {
    const [cols] = await conn.query<any[]>('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position', [table]);
    const own = cols.map((r) => r.c as string).filter((c) => !sphereFieldNames.includes(c));
    const [rows] = await conn.query<any[]>(`SELECT COUNT(*) AS n, COALESCE(SUM(CRC32(CONCAT_WS('|', ${own.map((c) => `COALESCE(\`${c}\`, '∅')`).join(', ')}))), 0) AS crc FROM \`${table}\``);
    out[table] = `${rows[0].n}:${rows[0].crc}:${own.join(',')}`;
  }
  const [meta] = await conn.query<any[]>("SELECT COUNT(*) AS n, SUM(CRC32(CONCAT_WS('|', id, name, type, COALESCE(len, ''), date_modified))) AS crc FROM fields_meta_data WHERE id NOT LIKE '%sphere\\_%'");
  out.fields_meta_data = `${meta[0].n}:${meta[0].crc}`;
  return out;
}

describe('migrations on MariaDB holding SuiteCRM 7.14 (sphere migrate up/status/down)', () => {
  let maria: MariaDb;
  let url: string;
  let conn: Connection;
  before(async () => {
    maria = await startMariaDb();
    url = await maria.createDatabase(`migrations_${process.pid}`, { suitecrm: true });
    conn = await maria.adminConnection(`migrations_${process.pid}`);
  });
  after(async () => conn?.end());

  const sphereColumns = async (table: string): Promise<string[]> => {
    const [rows] = await conn.query<any[]>("SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name LIKE 'sphere\\_%' ORDER BY column_name", [table]);
    return rows.map((r) => r.c);
  };
  const sphereMeta = async (): Promise<Array<Record<string, unknown>>> => {
    const [rows] = await conn.query<any[]>("SELECT id, name, vname, custom_module, type, len, deleted, reportable, importable FROM fields_meta_data WHERE name LIKE 'sphere\\_%' ORDER BY id");
    return rows;
  };
  const sphereTables = async (): Promise<string[]> => {
    const [rows] = await conn.query<any[]>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'sphere\\_%' ORDER BY table_name");
    return rows.map((r) => r.t);
  };

  it('up adds Sphere tables, _cstm columns and fields_meta_data rows; down removes exactly them; up again works; SuiteCRM data untouched', async () => {
    const before = await suitecrmFingerprint(conn);

    const status0 = sphere('migrate', 'status', '--db', url);
    assert.equal(status0.status, 0, status0.out);
    assert.match(status0.out, /\[ \] CreateSphereTables.*\n\[ \] SuiteCrmCustomFields.*\n\[ \] DecisionLogHead.*\n\[ \] SuiteCrmAccountFields.*\n\[ \] SphereTablesUtf8mb4.*\n\[ \] RequestNonces.*\n\[ \] ConsentParentalConsent.*\n\[ \] ProvenanceObjectionNotice.*\n\[ \] ReportRuns.*\n\[ \] ProvenanceValueFingerprint/);

    const up = sphere('migrate', 'up', '--db', url);
    assert.equal(up.status, 0, up.out);
    assert.match(up.out, /Migration CreateSphereTables\d+ has been executed successfully\.\n.*Migration SuiteCrmCustomFields\d+ has been executed successfully\.\n.*DecisionLogHead\d+ has been executed successfully\.\n.*SuiteCrmAccountFields\d+ has been executed successfully\.\n.*SphereTablesUtf8mb4\d+ has been executed successfully\.\n.*RequestNonces\d+ has been executed successfully\.\n.*ConsentParentalConsent\d+ has been executed successfully\.\n.*ProvenanceObjectionNotice\d+ has been executed successfully\.\n.*ReportRuns\d+ has been executed successfully\.\n.*ProvenanceValueFingerprint\d+ has been executed successfully\.\napplied 10 migration/);
    assert.match(sphere('migrate', 'status', '--db', url).out, /\[x\] CreateSphereTables.*\n\[x\] SuiteCrmCustomFields/);
    assert.deepEqual(await sphereTables(), ['sphere_approvals', 'sphere_consents', 'sphere_decisions', 'sphere_log_head', 'sphere_migrations', 'sphere_policy_revisions', 'sphere_provenance', 'sphere_report_runs', 'sphere_request_nonces']);
    for (const table of ['contacts_cstm', 'leads_cstm', 'prospects_cstm', 'accounts_cstm']) assert.deepEqual(await sphereColumns(table), [...sphereFieldNames].sort());
    const meta = await sphereMeta();
    assert.equal(meta.length, 16);
    assert.deepEqual(meta.find((m) => m.id === 'Contactssphere_source_c'),
      { id: 'Contactssphere_source_c', name: 'sphere_source_c', vname: 'LBL_SPHERE_SOURCE', custom_module: 'Contacts', type: 'varchar', len: 255, deleted: 0, reportable: 1, importable: 'true' });
    assert.deepEqual(await suitecrmFingerprint(conn), before, 'SuiteCRM rows unchanged by up');
    // The SuiteCRM join still works and shows the new (empty) fields.
    const [joined] = await conn.query<any[]>('SELECT c.last_name, cc.jjwg_maps_geocode_status_c, cc.sphere_source_c FROM contacts c LEFT JOIN contacts_cstm cc ON c.id = cc.id_c WHERE c.last_name = ?', ['Schmidt']);
    assert.deepEqual(joined, [{ last_name: 'Schmidt', jjwg_maps_geocode_status_c: 'OK', sphere_source_c: null }]);

    const down = sphere('migrate', 'down', '--all', '--db', url);
    assert.equal(down.status, 0, down.out);
    assert.match(down.out, /ProvenanceValueFingerprint\d+ has been reverted successfully\.\n.*ReportRuns\d+ has been reverted successfully\.\n.*ProvenanceObjectionNotice\d+ has been reverted successfully\.\n.*ConsentParentalConsent\d+ has been reverted successfully\.\n.*RequestNonces\d+ has been reverted successfully\.\n.*SphereTablesUtf8mb4\d+ has been reverted successfully\.\n.*SuiteCrmAccountFields\d+ has been reverted successfully\.\n.*DecisionLogHead\d+ has been reverted successfully\.\n.*SuiteCrmCustomFields\d+ has been reverted successfully\.\n.*CreateSphereTables\d+ has been reverted successfully\.\nreverted 10 migration/);
    assert.deepEqual(await sphereTables(), ['sphere_migrations']);
    for (const table of ['contacts_cstm', 'leads_cstm', 'prospects_cstm', 'accounts_cstm']) assert.deepEqual(await sphereColumns(table), []);
    assert.deepEqual(await sphereMeta(), []);
    assert.deepEqual(await suitecrmFingerprint(conn), before, 'SuiteCRM rows unchanged by down');

    const again = sphere('migrate', 'up', '--db', url);
    assert.equal(again.status, 0, again.out);
    assert.equal((await sphereMeta()).length, 16);
    assert.deepEqual(await suitecrmFingerprint(conn), before);
  });

  it('creates a missing _cstm table the way SuiteCRM does and drops only that table on down', async () => {
    const name = `nocstm_${process.pid}`;
    const url2 = await maria.createDatabase(name, { suitecrm: true });
    const c2 = await maria.adminConnection(name);
    try {
      await c2.query('DROP TABLE prospects_cstm');
      assert.equal(sphere('migrate', 'up', '--db', url2).status, 0);
      const [cols] = await c2.query<any[]>("SELECT column_name AS c, column_key AS k FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'prospects_cstm' ORDER BY ordinal_position");
      assert.deepEqual(cols.map((r) => r.c), ['id_c', ...sphereFieldNames]);
      assert.equal(cols[0].k, 'PRI');
      assert.equal(sphere('migrate', 'down', '--all', '--db', url2).status, 0);
      const [left] = await c2.query<any[]>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE '%\\_cstm' ORDER BY t");
      assert.deepEqual(left.map((r) => r.t), ['accounts_cstm', 'contacts_cstm', 'leads_cstm']);
    } finally {
      await c2.end();
    }
  });

  it('on a utf8 (utf8mb3) SuiteCRM database stores 4-byte characters and compares ids binary; down and up again keep the data', async () => {
    const name = `utf8mb3_${process.pid}`;
    const setup = await maria.adminConnection();
    try {
      await setup.query(`CREATE DATABASE ${name} CHARACTER SET utf8 COLLATE utf8_general_ci; GRANT ALL ON ${name}.* TO 'sphere'@'127.0.0.1'; USE ${name}`);
      await setup.query(sqlFixture('schema.sql'));
      await setup.query(sqlFixture('data.sql'));
    } finally {
      await setup.end();
    }
    const url3 = url.replace(/\/[^/]+$/, `/${name}`);
    const c3 = await maria.adminConnection(name);
    const collations = async (): Promise<string[]> => {
      const [rows] = await c3.query<any[]>("SELECT DISTINCT table_collation AS c FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'sphere\\_%' AND table_name <> 'sphere_migrations'");
      return rows.map((r) => r.c);
    };
    const store = async () => openStore({ type: 'mariadb', url: url3 });
    try {
      assert.equal(sphere('migrate', 'up', '--db', url3).status, 0);
      assert.deepEqual(await collations(), ['utf8mb4_bin']);
      const s = await store();
      try {
        await s.consents.add({ person_module: 'Contacts', person_id: 'x1', purpose: 'Newsletter 📰', channel: 'email' });
        await s.provenance.add({ person_module: 'Contacts', person_id: 'x1', field: 'email1', source_type: 'trade_fair_card', source_ref: 'Messe 🎪 2026' });
        await s.decisions.append([{ id: '00000000-0000-4000-8000-000000000001', at: new Date(), event: 'record.save', module: 'Contacts', recordId: 'x1', personModule: 'Contacts',
          personId: 'x1', outcome: 'allow', rules: [], revision: 'r', input: { record: { title: 'CEO 🚀' } }, decision: { outcome: 'allow' }, actorId: '1' }]);
        assert.deepEqual(await s.consents.list('Contacts', 'X1'), [], 'ids compare binary');
      } finally {
        await s.close();
      }
      const stored = async (): Promise<unknown[]> => {
        const s2 = await store();
        try {
          const [decision] = await s2.decisions.recentForPerson('Contacts', 'x1', 1);
          assert.equal((await s2.decisions.verify()).ok, true);
          // read directly: between the down and up steps the consents table lacks the newest column the store reads
          const [[consent]] = await c3.query<any[]>("SELECT purpose FROM sphere_consents WHERE person_id = 'x1'");
          const [[source]] = await c3.query<any[]>("SELECT source_ref FROM sphere_provenance WHERE person_id = 'x1'");
          return [consent?.purpose, source?.source_ref, decision?.input];
        } finally {
          await s2.close();
        }
      };
      const expected = ['Newsletter 📰', 'Messe 🎪 2026', { record: { title: 'CEO 🚀' } }];
      assert.deepEqual(await stored(), expected);

      // the value fingerprint, the report runs, the objection notice and parental consent columns and the request
      // nonces are the newest migrations: reverted first, the other tables keep binary collation
      const provenanceColumns = async (): Promise<string[]> => ((await c3.query<any[]>(
        "SELECT column_name AS c FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'sphere_provenance' AND column_name = 'value_hash'"))[0] as Array<{ c: string }>).map((r) => r.c);
      /** `sphere migrate down` reverts the newest applied migration, which must be `name`. */
      const revertNewest = (name: string): void => {
        const down = sphere('migrate', 'down', '--db', url3);
        assert.equal(down.status, 0, down.out);
        assert.match(down.out, new RegExp(`${name}\\d+ has been reverted successfully`));
      };
      assert.deepEqual(await provenanceColumns(), ['value_hash']);
      revertNewest('ProvenanceValueFingerprint');
      assert.deepEqual(await provenanceColumns(), []);
      assert.deepEqual(await stored(), expected);
      for (const name of ['ReportRuns', 'ProvenanceObjectionNotice', 'ConsentParentalConsent', 'RequestNonces']) revertNewest(name);
      const [nonceTables] = await c3.query<any[]>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'sphere_request_nonces'");
      assert.deepEqual(nonceTables, []);
      assert.deepEqual(await collations(), ['utf8mb4_bin']);
      revertNewest('SphereTablesUtf8mb4');
      assert.deepEqual(await collations(), ['utf8mb4_general_ci']);
      assert.deepEqual(await stored(), expected);
      assert.equal(sphere('migrate', 'up', '--db', url3).status, 0);
      assert.deepEqual(await collations(), ['utf8mb4_bin']);
      assert.deepEqual(await stored(), expected);
    } finally {
      await c3.end();
    }
  });

  it('rejects a database argument it does not understand, naming the accepted forms', () => {
    const r = sphere('migrate', 'status', '--db', 'postgres://x@127.0.0.1/db');
    assert.equal(r.status, 1);
    assert.match(r.out, /use sqlite:<file> or mysql:\/\/user:password@host:port\/database/);
  });
});
