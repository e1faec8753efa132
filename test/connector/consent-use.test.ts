import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';

// A consent's use is recorded when an action that relies on it is decided and may go ahead (policy pack's
// `consents_used`), so consent.unused_long measures the time since the last use and not since the consent was given.
describe('consent use (real server, policy pack)', function () {
  this.timeout(180_000);
  let c: RunningConnector;
  const campaign = { id: 'k', channel: 'email', content_type: 'advertising', purpose: 'newsletter', audience: 'one_to_many', tracking: { open_pixel: false, per_recipient_links: false } };
  const mailing = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ event: 'mailing.send', module: 'Contacts', record_id: id, campaign, ...extra });
  const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString();

  async function consentOf(id: string, fields: Record<string, unknown> = {}): Promise<string> {
    const res = await c.request('POST', `/v1/persons/Contacts/${id}/consents`, {
      purpose: 'newsletter', channel: 'email', status: 'given', method: 'double_opt_in', active_act: true, proof_ref: `doi-${id}`, given_at: twoYearsAgo, ...fields,
    });
    assert.equal(res.status, 201, res.text);
    return res.json.id as string;
  }
  async function lastUse(id: string): Promise<unknown> {
    const res = await c.request('GET', `/v1/persons/Contacts/${id}/consents`);
    assert.equal(res.status, 200, res.text);
    return res.json.consents[0].lastUsedAt;
  }
  const rules = (answer: { warnings: Array<{ rule: string }>; violations: Array<{ rule: string }> }): string[] => [...answer.violations, ...answer.warnings].map((f) => f.rule);

  before(async () => { c = await startConnector({ policyDir: join(repoRoot, 'policies') }); });
  after(async () => { await c?.stop(); });

  it('records the use of the consent a sent mailing relied on, and only then', async () => {
    const consent = await consentOf('reader');
    const preview = await c.request('POST', '/v1/decisions', mailing('reader', { dry_run: true }));
    assert.equal(preview.status, 200, preview.text);
    assert.deepEqual(preview.json.consents_used, [consent]);
    assert.ok(rules(preview.json).includes('consent.unused_long'));
    assert.equal(await lastUse('reader'), null, 'a dry run uses nothing');

    const sent = await c.request('POST', '/v1/decisions', mailing('reader'));
    assert.equal(sent.json.outcome, 'warn');
    assert.deepEqual(sent.json.consents_used, [consent]);
    assert.equal(await lastUse('reader'), sent.json.evaluated_at);
    const privacy = await c.request('GET', '/v1/persons/Contacts/reader/privacy');
    assert.deepEqual(privacy.json.recent_decisions[0].decision.consents_used, [consent]);

    const next = await c.request('POST', '/v1/decisions', mailing('reader'));
    assert.equal(next.json.outcome, 'allow');
    assert.ok(!rules(next.json).includes('consent.unused_long'));
  });

  it('records no use for a denied mailing or a purpose the consent does not cover', async () => {
    await consentOf('objector');
    const objection = await c.request('POST', '/v1/persons/Contacts/objector/consents', {
      purpose: 'advertising', channel: 'any', status: 'objected', method: 'written', active_act: true, proof_ref: 'letter-1', given_at: new Date().toISOString(),
    });
    assert.equal(objection.status, 201, objection.text);
    const denied = await c.request('POST', '/v1/decisions', mailing('objector'));
    assert.equal(denied.json.outcome, 'deny');
    assert.ok(rules(denied.json).includes('advertising.objection'));
    assert.equal(await lastUse('objector'), null);

    await consentOf('partner');
    const other = await c.request('POST', '/v1/decisions', mailing('partner', { campaign: { ...campaign, purpose: 'partner_offers' } }));
    assert.deepEqual(other.json.consents_used, []);
    assert.equal(await lastUse('partner'), null);
  });

  it('records the uses of a batch decided on the worker pool in the log\'s transaction', async () => {
    const people = Array.from({ length: 80 }, (_, i) => `batch-${i}`);
    const consents = new Map<string, string>();
    for (const id of people) consents.set(id, await consentOf(id, { given_at: new Date().toISOString() }));
    const res = await c.request('POST', '/v1/decisions/batch', { events: people.map((id) => mailing(id)) });
    assert.equal(res.status, 200, res.text);
    const answers = res.json.decisions;
    assert.deepEqual(answers.map((a: { consents_used: string[] }) => a.consents_used), people.map((id) => [consents.get(id)]));
    for (const i of [0, 79]) assert.equal(await lastUse(people[i] as string), answers[i].evaluated_at);
  });
});
