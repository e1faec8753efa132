import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';

// The privacy view's open obligations over HTTP, as the policy pack answers them (sphere/person_obligations).
describe('privacy view: open obligations by the policy pack (real server)', function () {
  this.timeout(180_000);
  let c: RunningConnector;

  before(async () => { c = await startConnector({ policyDir: join(repoRoot, 'policies') }); });
  after(async () => { await c?.stop(); });

  it('shows the Art. 14 notice of stored provenance from others, with its due date and fields, for one and for many people', async () => {
    const prov = await c.request('POST', '/v1/persons/Contacts/p-1/provenance', { field: 'email1', source_type: 'purchased_list', collected_at: '2026-03-01T00:00:00Z' });
    assert.equal(prov.status, 201, prov.text);
    const privacy = await c.request('GET', '/v1/persons/Contacts/p-1/privacy');
    assert.equal(privacy.json.obligations.length, 1);
    assert.deepEqual([privacy.json.obligations[0].id, privacy.json.obligations[0].due, privacy.json.obligations[0].fields], ['provenance.art14_notice', '2026-03-31', ['email1']]);
    assert.equal(privacy.json.obligations_unavailable, undefined);

    const stored = await c.request('POST', '/v1/provenance', { records: [
      { module: 'Contacts', person_id: 'imp-1', field: 'email1', source_type: 'purchased_list', method: 'import', collected_at: '2026-05-01T00:00:00Z' },
      { module: 'Contacts', person_id: 'imp-1', field: 'last_name', source_type: 'purchased_list', method: 'import', collected_at: '2026-05-01T00:00:00Z' },
      { module: 'Contacts', person_id: 'imp-1', field: 'first_name', source_type: 'trade_fair_card', method: 'import', collected_at: '2026-05-01T00:00:00Z' },
    ] });
    assert.equal(stored.status, 201, stored.text);
    const many = await c.request('GET', '/v1/persons/Contacts/imp-1/privacy');
    assert.deepEqual([many.json.obligations[0].due, many.json.obligations[0].fields], ['2026-05-31', ['email1', 'last_name']]);
  });

  it('Art. 14 notice: due at the latest one month after collection, closed by a newer informed row, fixed when collected_at is null', async () => {
    const due = async (id: string, rows: Array<Record<string, unknown>>): Promise<unknown> => {
      for (const row of rows) {
        const stored = await c.request('POST', `/v1/persons/Contacts/${id}/provenance`, { field: 'email1', source_type: 'purchased_list', ...row });
        assert.equal(stored.status, 201, stored.text);
      }
      return (await c.request('GET', `/v1/persons/Contacts/${id}/privacy`)).json.obligations[0]?.due ?? null;
    };
    assert.equal(await due('a14-jan31', [{ collected_at: '2026-01-31T10:00:00Z' }]), '2026-02-28');
    assert.equal(await due('a14-feb01', [{ collected_at: '2026-02-01T00:00:00Z' }]), '2026-03-01');
    assert.equal(await due('a14-feb28', [{ collected_at: '2026-02-28T12:00:00Z' }]), '2026-03-28');
    assert.equal(await due('a14-jun01', [{ collected_at: '2026-06-01T00:00:00Z' }]), '2026-07-01');
    assert.equal(await due('a14-jul01', [{ collected_at: '2026-07-01T00:00:00Z' }]), '2026-07-31', 'the 30 days come first in a 31-day month');
    assert.equal(await due('a14-informed', [{ collected_at: '2026-01-10T00:00:00Z' }, { collected_at: '2026-01-10T00:00:00Z', informed_at: '2026-01-20T00:00:00Z' }]), null);
    assert.equal(await due('a14-recollected', [{ collected_at: '2026-01-10T00:00:00Z', informed_at: '2026-01-20T00:00:00Z' }, { collected_at: '2026-03-10T00:00:00Z' }]), '2026-04-09');

    const nullCollected = await c.request('POST', '/v1/persons/Contacts/a14-null/provenance', { field: 'email1', source_type: 'purchased_list', collected_at: null });
    assert.equal(nullCollected.status, 201, nullCollected.text);
    assert.ok(nullCollected.json.collectedAt, 'collected now');
    assert.equal((await c.request('GET', '/v1/persons/Contacts/a14-null/privacy')).json.obligations[0].due, await due('a14-now', [{ collected_at: nullCollected.json.collectedAt }]));

    const ahead = await c.request('POST', '/v1/persons/Contacts/a14-ahead/provenance', { field: 'email1', source_type: 'purchased_list', informed_at: new Date(Date.now() + 86_400_000).toISOString() });
    assert.equal(ahead.status, 400, ahead.text);
    assert.match(ahead.json.message, /informedAt must not be in the future/);
  });

});
