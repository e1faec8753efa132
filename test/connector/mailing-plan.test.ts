import assert from 'node:assert/strict';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';
import { join } from 'node:path';

// mailing.plan with the real policy pack: facts about one person travel with that recipient.
describe('mailing.plan per-recipient facts (real server, policy pack)', function () {
  this.timeout(120_000);
  let c: RunningConnector;
  const customer = {
    address_obtained_in_sale: true, own_similar_products: true, objection_notice_at_collection: true, objection_notice_each_mail: true,
  };
  const plan = (extra: Record<string, unknown>): Record<string, unknown> => ({
    event: 'mailing.plan', module: 'Contacts',
    campaign: { id: 'k', channel: 'email', content_type: 'advertising', purpose: 'newsletter', audience: 'one_to_many', tracking: { open_pixel: false, per_recipient_links: false } },
    ...extra,
  });

  before(async () => { c = await startConnector({ policyDir: join(repoRoot, 'policies') }); });
  after(async () => { await c?.stop(); });

  it('applies a recipient\'s existing-customer facts to that recipient only', async () => {
    const res = await c.request('POST', '/v1/decisions', plan({
      recipients: [{ module: 'Contacts', id: 'buyer', facts: { existing_customer: customer } }, { module: 'Contacts', id: 'stranger' }],
    }));
    assert.equal(res.status, 200, res.text);
    const outcome = Object.fromEntries((res.json.recipients as Array<{ id: string; outcome: string }>).map((r) => [r.id, r.outcome]));
    assert.notEqual(outcome.buyer, 'deny');
    assert.equal(outcome.stranger, 'deny');
  });

  it('refuses facts about one person given for the whole plan, naming them', async () => {
    const res = await c.request('POST', '/v1/decisions', plan({ recipients: [{ module: 'Contacts', id: 'a' }], facts: { existing_customer: customer } }));
    assert.equal(res.status, 400, res.text);
    assert.equal(res.json.error, 'schema_violation');
    assert.match(res.json.message, /facts\.existing_customer describes one person; give it per recipient/);
  });
});
