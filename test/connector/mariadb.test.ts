// The connector on the SuiteCRM database (real MariaDB with the SuiteCRM 7.14 fixture): SuiteCRM's own GDPR facts
// reach the policy input, and a database that goes away answers 503 unchecked.
import assert from 'node:assert/strict';
import { launchMariaDb, type MariaDb } from '../support/mariadb';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';
import { openStore } from '../../connector/src/store';
import { markerBundle } from './fixtures/marker-policy';

const ANNA = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';
const BERND = '4e5f6071-8293-44a5-b6b7-d8e9f0a1b2c3';

/** The summary fields are written after the answer: read until `done` holds (or give up after a generous while). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 100 && !done(value); i += 1) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe('connector on MariaDB (SuiteCRM database)', function () {
  this.timeout(180_000);
  let db: MariaDb;
  let url: string;
  let c: RunningConnector;
  const summary = async (table: string, id: string, database = new URL(url).pathname.slice(1)): Promise<Record<string, unknown> | undefined> => {
    const conn = await db.adminConnection(database);
    try {
      const [rows] = await conn.query(`SELECT sphere_consent_status_c AS consent, sphere_source_c AS source, DATE_FORMAT(sphere_art14_due_c, '%Y-%m-%d') AS due,
        sphere_last_decision_c AS last FROM \`${table}_cstm\` WHERE id_c = ?`, [id]);
      return (rows as Array<Record<string, unknown>>)[0];
    } finally {
      await conn.end();
    }
  };

  before(async () => {
    db = await launchMariaDb();
    url = await db.createDatabase('sphere_connector', { suitecrm: true });
    c = await startConnector({ env: { SPHERE_DB: url } });
    assert.equal((await c.request('POST', '/v1/policies', await markerBundle('maria'))).status, 201);
  });
  after(async () => {
    await c?.stop();
    await db?.stop();
  });

  it('completes the input with SuiteCRM lawful basis and logs the decision there', async () => {
    const res = await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: ANNA, record: { title: 'Leitung' }, channel: 'ui' });
    assert.equal(res.status, 200, res.text);
    const store = await openStore({ type: 'mariadb', url });
    try {
      const [logged] = await store.decisions.recentForPerson('Contacts', ANNA, 1);
      const person = (logged?.input as { person: { lawful_basis: unknown; lawful_basis_source: unknown } }).person;
      assert.deepEqual(person.lawful_basis, ['consent']);
      assert.equal(person.lawful_basis_source, 'website');
    } finally {
      await store.close();
    }
  });

  it('shows the last decision, consents and data source in SuiteCRM\'s summary fields', async () => {
    const denied = await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: ANNA, record: { title: 'DENY' }, channel: 'ui' });
    assert.equal(denied.json.outcome, 'deny');
    const day = String(denied.json.evaluated_at).slice(0, 10);
    const deniedText = `${day} deny record.save: test.marker_deny`;
    assert.equal((await eventually(() => summary('contacts', ANNA), (r) => r?.last === deniedText))?.last, deniedText);
    // a dry run (inline hint) decides nothing: once a later decision about someone else is shown, Anna's is unchanged
    await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: ANNA, record: { title: 'ok' }, dry_run: true });
    await c.request('POST', '/v1/decisions', { event: 'record.enrich', module: 'Leads', record_id: BERND, record: { title: 'ok' } });
    assert.equal((await eventually(() => summary('leads', BERND), (r) => r?.last != null))?.last, `${day} allow record.enrich`);
    assert.equal((await summary('contacts', ANNA))?.last, deniedText);
    // batches too (long enough for the worker pool)
    await c.request('POST', '/v1/decisions/batch', { events: Array.from({ length: 70 }, () => ({ event: 'record.save', module: 'Contacts', record_id: ANNA, record: { title: 'ok' } })) });
    assert.equal((await eventually(() => summary('contacts', ANNA), (r) => r?.last !== deniedText))?.last, `${day} allow record.save`);

    const consent = await c.request('POST', `/v1/persons/Contacts/${ANNA}/consents`, { purpose: 'newsletter', channel: 'email', method: 'double_opt_in', active_act: true, proof_ref: 'doi-1' });
    assert.equal(consent.status, 201, consent.text);
    await c.request('POST', `/v1/persons/Contacts/${ANNA}/consents/${consent.json.id}/withdraw`);
    assert.equal((await eventually(() => summary('contacts', ANNA), (r) => String(r?.consent).includes('withdrawn')))?.consent, 'newsletter/email: withdrawn (double_opt_in)');

    const collected = '2026-11-20T10:00:00.000Z';
    const source = await c.request('POST', `/v1/persons/Leads/${BERND}/provenance`, { field: 'email1', source_type: 'purchased_list', source_ref: 'list broker Q3', collected_at: collected });
    assert.equal(source.status, 201, source.text);
    const bernd = await eventually(() => summary('leads', BERND), (r) => r?.source != null);
    // the due date is the policy's answer (sphere/person_obligations), which this hand-written revision does not give
    assert.deepEqual([bernd?.source, bernd?.due], ['purchased_list (list broker Q3)', null]);

    // people SuiteCRM does not know get no _cstm row
    await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: 'not-in-suitecrm', record: { title: 'x' } });
    await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: ANNA, record: { title: 'DENY again' } });
    // once this later decision is shown, the one about the unknown person has been handled too
    await eventually(() => summary('contacts', ANNA), (r) => r?.last === deniedText);
    assert.equal(await summary('contacts', 'not-in-suitecrm'), undefined);
  });

  it('opens one DPO request for the same action asked concurrently, and stores it once', async () => {
    const action = { event: 'record.save', module: 'Contacts', record_id: 'a-concurrent', record: { last_name: 'APPR' }, actor: { user_id: '1' }, channel: 'ui' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => c.request('POST', '/v1/decisions', action)));
    const ids = new Set(answers.map((a) => a.json.approval?.request_id));
    assert.equal(ids.size, 1, [...ids].join(', '));
    const pending = (await c.request('GET', '/v1/approvals?status=pending')).json.approvals as Array<{ id: unknown; recordId: unknown }>;
    assert.deepEqual(pending.filter((a) => a.recordId === 'a-concurrent').map((a) => String(a.id)), [...ids]);
  });

  it('shows the policy pack\'s Art. 14 due date in SuiteCRM\'s summary field, and clears it once the person is informed', async () => {
    const packed = await startConnector({ env: { SPHERE_DB: await db.createDatabase('sphere_summary_due', { suitecrm: true }) }, policyDir: join(repoRoot, 'policies') });
    try {
      const collected = '2026-11-20T10:00:00.000Z';
      const source = await packed.request('POST', `/v1/persons/Leads/${BERND}/provenance`, { field: 'email1', source_type: 'purchased_list', source_ref: 'list broker Q3', collected_at: collected });
      assert.equal(source.status, 201, source.text);
      const due = (r: Record<string, unknown> | undefined): unknown => r?.due;
      assert.equal(due(await eventually(() => summary('leads', BERND, 'sphere_summary_due'), (r) => r?.due != null)), '2026-12-20');
      const informed = await packed.request('POST', `/v1/persons/Leads/${BERND}/provenance`, { field: 'email1', source_type: 'purchased_list', collected_at: collected, informed_at: '2026-11-25T00:00:00.000Z' });
      assert.equal(informed.status, 201, informed.text);
      assert.equal(due(await eventually(() => summary('leads', BERND, 'sphere_summary_due'), (r) => r?.due == null)), null);
    } finally {
      await packed.stop();
    }
  });

  it('checks a consent against the birthdate SuiteCRM holds when the request gives none (policy pack, GDPR Art. 8)', async () => {
    const database = 'sphere_consent_minor';
    const packed = await startConnector({ env: { SPHERE_DB: await db.createDatabase(database, { suitecrm: true }) }, policyDir: join(repoRoot, 'policies') });
    try {
      const conn = await db.adminConnection(database);
      try {
        await conn.query('UPDATE contacts SET birthdate = ? WHERE id = ?', [`${new Date().getUTCFullYear() - 13}-03-01`, ANNA]);
      } finally {
        await conn.end();
      }
      const consent = { purpose: 'newsletter', channel: 'email', method: 'double_opt_in', active_act: true, proof_ref: 'doi-2' };
      const minor = await packed.request('POST', `/v1/persons/Contacts/${ANNA}/consents`, consent);
      assert.equal(minor.status, 422, minor.text);
      assert.deepEqual(minor.json.decision.violations.map((v: { rule: string }) => v.rule), ['minors.parental_consent_missing']);
      // an older birthdate in the request does not override SuiteCRM's: the younger counts
      const claimedAdult = await packed.request('POST', `/v1/persons/Contacts/${ANNA}/consents`, { ...consent, birthdate: '1980-01-01' });
      assert.equal(claimedAdult.status, 422, claimedAdult.text);
      const adult = await packed.request('POST', `/v1/persons/Leads/${BERND}/consents`, consent);
      assert.equal(adult.status, 201, adult.text);
    } finally {
      await packed.stop();
    }
  });

  it('answers 503 unchecked when the database server is gone', async () => {
    await db.stop();
    const res = await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: ANNA, record: { title: 'X' } });
    assert.equal(res.status, 503, res.text);
    assert.equal(res.json.outcome, 'unchecked');
    assert.equal((await fetch(`${c.url}/readyz`)).status, 503);
  });
});
