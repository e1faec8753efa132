// The connector on the SuiteCRM database (real MariaDB with the SuiteCRM 7.14 fixture): SuiteCRM's own GDPR facts
// reach the policy input, and a database that goes away answers 503 unchecked.
import assert from 'node:assert/strict';
import { launchMariaDb, type MariaDb } from '../support/mariadb';
import { startConnector, type RunningConnector } from '../support/connector';
import { openStore } from '../../connector/src/store';
import { markerBundle } from './fixtures/marker-policy';

const ANNA = '0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9';

describe('connector on MariaDB (SuiteCRM database)', function () {
  this.timeout(180_000);
  let db: MariaDb;
  let url: string;
  let c: RunningConnector;

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

  it('answers 503 unchecked when the database server is gone', async () => {
    await db.stop();
    const res = await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: ANNA, record: { title: 'X' } });
    assert.equal(res.status, 503, res.text);
    assert.equal(res.json.outcome, 'unchecked');
    assert.equal((await fetch(`${c.url}/readyz`)).status, 503);
  });
});
