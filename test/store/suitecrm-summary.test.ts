import assert from 'node:assert/strict';
import pino from 'pino';
import { openStore, type SphereStore } from '../../connector/src/store';
import { RECHECK_MS } from '../../connector/src/store/suitecrm-summary';
import { CrmSummaryWriter } from '../../connector/src/workflows/crm-summary';
import { DECISION_ENTRYPOINT, PolicyEngine } from '../../connector/src/engine/policy-engine';
import { compileSources, writeBundle } from '../../connector/src/rego';
import { packEngine } from '../support/pack-engine';
import { startMariaDb, type MariaDb } from '../support/mariadb';
import { BACKENDS } from './backends';

const ANNA = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';
const MARIA = '2c3d4e5f-6071-4283-9495-b6c7d8e9f0a1'; // no contacts_cstm row in the fixture
const BERND = '4e5f6071-8293-44a5-b6b7-d8e9f0a1b2c3';
const ACCOUNT = '6b1e7f40-2c3d-4e5f-9a0b-1c2d3e4f5a6b';
const CLARA = '1b2c3d4e-5f60-4172-8384-a5b6c7d8e9f0';
const DELETED = '3d4e5f60-7182-4394-a5a6-c7d8e9f0a1b2'; // contacts.deleted = 1 in the fixture

describe('suitecrmSummaries (Sphere fields on SuiteCRM person and account records)', () => {
  describe('on MariaDB with the SuiteCRM fixture, migrated', () => {
    let maria: MariaDb;
    let database: string;
    let store: SphereStore;
    const cstm = async (table: string, id: string): Promise<Record<string, unknown> | undefined> => {
      const conn = await maria.adminConnection(database);
      try {
        const [rows] = await conn.query(
          `SELECT id_c, jjwg_maps_geocode_status_c AS geocode, sphere_consent_status_c AS consent, sphere_source_c AS source,
                  DATE_FORMAT(sphere_art14_due_c, '%Y-%m-%d') AS due, sphere_last_decision_c AS last FROM \`${table}_cstm\` WHERE id_c = ?`, [id]);
        return (rows as Array<Record<string, unknown>>)[0];
      } finally {
        await conn.end();
      }
    };
    before(async () => {
      maria = await startMariaDb();
      database = `summary_${process.pid}`;
      store = await openStore({ type: 'mariadb', url: await maria.createDatabase(database, { suitecrm: true }) }, { migrate: true });
    });
    after(async () => store?.close());

    it('updates the fields given and keeps the others and SuiteCRM\'s own custom fields', async () => {
      assert.equal(await store.suitecrmSummaries.available(), true);
      assert.equal(await store.suitecrmSummaries.write([{ module: 'Contacts', id: ANNA, consentStatus: 'newsletter/email: given (double_opt_in)', source: 'web_form', art14Due: null }]), 1);
      assert.equal(await store.suitecrmSummaries.write([{ module: 'Contacts', id: ANNA, lastDecision: '2026-12-01 deny record.save: consent.not_active' }]), 1);
      assert.deepEqual(await cstm('contacts', ANNA), {
        id_c: ANNA, geocode: 'OK', consent: 'newsletter/email: given (double_opt_in)', source: 'web_form', due: null, last: '2026-12-01 deny record.save: consent.not_active',
      });
    });

    it('creates the _cstm row of a person that has none, and the newest summary per person wins', async () => {
      assert.equal(await cstm('contacts', MARIA), undefined);
      await store.suitecrmSummaries.write([
        { module: 'Contacts', id: MARIA, lastDecision: '2026-12-01 allow record.save' },
        { module: 'Contacts', id: MARIA, lastDecision: '2026-12-01 warn record.save: phone.review' },
      ]);
      assert.equal((await cstm('contacts', MARIA))?.last, '2026-12-01 warn record.save: phone.review');
    });

    it('writes nothing for a record deleted in SuiteCRM', async () => {
      assert.equal(await store.suitecrmSummaries.write([{ module: 'Contacts', id: DELETED, consentStatus: 'newsletter/email: given', art14Due: '2026-12-31' }]), 0);
      assert.equal(await cstm('contacts', DELETED), undefined);
    });

    it('shows the policy\'s Art. 14 due date from each field\'s newest provenance, one month after collection at the latest', async () => {
      const writer = new CrmSummaryWriter(store, pino({ level: 'silent' }), await packEngine());
      const changed = async (): Promise<unknown> => {
        writer.personChanged('Contacts', CLARA);
        await writer.idle();
        return (await cstm('contacts', CLARA))?.due;
      };
      await store.provenance.add({ person_module: 'Contacts', person_id: CLARA, field: 'email1', source_type: 'purchased_list', collected_at: '2026-01-31T10:00:00Z' });
      assert.equal(await changed(), '2026-02-28');
      await store.provenance.add({ person_module: 'Contacts', person_id: CLARA, field: 'email1', source_type: 'purchased_list', collected_at: '2026-01-31T10:00:00Z', informed_at: '2026-02-10T00:00:00Z' });
      assert.equal(await changed(), null);
    });

    it('leaves the Art. 14 due date as it was when the active policy cannot tell it, and still writes the other fields', async () => {
      await store.provenance.add({ person_module: 'Contacts', person_id: ANNA, field: 'phone_work', source_type: 'purchased_list', collected_at: '2026-03-01T10:00:00Z' });
      const write = async (engine: PolicyEngine): Promise<Record<string, unknown> | undefined> => {
        const writer = new CrmSummaryWriter(store, pino({ level: 'silent' }), engine);
        writer.personChanged('Contacts', ANNA);
        await writer.idle();
        return cstm('contacts', ANNA);
      };
      assert.equal((await write(await packEngine()))?.due, '2026-03-31');
      await store.provenance.add({ person_module: 'Contacts', person_id: ANNA, field: 'title', source_type: 'commercial_register', source_ref: 'HRB 4711' });
      const decisionOnly = new PolicyEngine();
      const wasm = await compileSources([{ file: 'd.rego', text: 'package sphere\n\ndecision := {"outcome": "allow"}\n' }], [DECISION_ENTRYPOINT]);
      decisionOnly.activate(await decisionOnly.prepare(writeBundle(wasm, [DECISION_ENTRYPOINT], {}, 'opa-built')));
      for (const engine of [decisionOnly, new PolicyEngine()]) {
        const row = await write(engine);
        assert.deepEqual([row?.due, row?.source], ['2026-03-31', 'commercial_register (HRB 4711)']);
      }
    });

    it('writes Accounts too', async () => {
      assert.equal(await store.suitecrmSummaries.write([{ module: 'Accounts', id: ACCOUNT, source: 'commercial_register' }]), 1);
      assert.equal((await cstm('accounts', ACCOUNT))?.source, 'commercial_register');
    });

    it('writes nothing for people SuiteCRM does not have or modules without the fields, and cuts text to the column', async () => {
      assert.equal(await store.suitecrmSummaries.write([
        { module: 'Contacts', id: 'no-such-person', lastDecision: 'x' }, { module: 'Opportunities', id: ANNA, lastDecision: 'x' },
        { module: 'Leads', id: BERND, consentStatus: 'c'.repeat(150), source: 's'.repeat(300) },
      ]), 1);
      assert.equal(await cstm('contacts', 'no-such-person'), undefined);
      const bernd = await cstm('leads', BERND);
      assert.equal(bernd?.consent, `${'c'.repeat(99)}…`);
      assert.equal(bernd?.source, `${'s'.repeat(254)}…`);
    });

    it('writes emoji into SuiteCRM\'s three-byte utf8 columns as U+FFFD and keeps the other characters', async () => {
      assert.equal(await store.suitecrmSummaries.write([{ module: 'Leads', id: BERND, consentStatus: 'Grüße 🎉/email: given', source: 'Messe 𝄞 Köln' }]), 1);
      const bernd = await cstm('leads', BERND);
      assert.equal(bernd?.consent, 'Grüße \uFFFD/email: given');
      assert.equal(bernd?.source, 'Messe \uFFFD Köln');
    });
  });

  it('finds the fields a migration adds while the connector runs, after the recheck interval', async () => {
    const maria = await startMariaDb();
    const database = `summary_late_${process.pid}`;
    const url = await maria.createDatabase(database, { suitecrm: true });
    const store = await openStore({ type: 'mariadb', url }, { migrate: false });
    const writer = new CrmSummaryWriter(store, pino({ level: 'silent' }), new PolicyEngine());
    const decided = (day: string): void => writer.decided([{
      event: { event: 'record.save', module: 'Contacts', record_id: ANNA },
      answer: { outcome: 'allow', violations: [], warnings: [], evaluated_at: `${day}T10:00:00.000Z` },
    }]);
    const realNow = Date.now;
    try {
      assert.equal(await store.suitecrmSummaries.available(), false);
      decided('2026-12-01');
      await writer.idle();
      await (await openStore({ type: 'mariadb', url }, { migrate: true })).close();
      assert.equal(await store.suitecrmSummaries.available(), false, 'the first check stands for a while');
      Date.now = () => realNow() + RECHECK_MS + 1;
      decided('2026-12-02');
      await writer.idle();
      const conn = await maria.adminConnection(database);
      try {
        const [rows] = await conn.query('SELECT sphere_last_decision_c AS last FROM contacts_cstm WHERE id_c = ?', [ANNA]);
        assert.deepEqual(rows, [{ last: '2026-12-02 allow record.save' }]);
      } finally {
        await conn.end();
      }
    } finally {
      Date.now = realNow;
      await store.close();
    }
  });

  for (const backend of BACKENDS) {
    it(`is not available and writes nothing on ${backend.name} without SuiteCRM`, async () => {
      const { store, dispose } = await backend.fresh();
      try {
        assert.equal(await store.suitecrmSummaries.available(), false);
        assert.equal(await store.suitecrmSummaries.write([{ module: 'Contacts', id: ANNA, lastDecision: 'x' }]), 0);
      } finally {
        await dispose();
      }
    });
  }
});
