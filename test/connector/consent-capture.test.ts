import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';

// POST …/consents with the real policy pack: how a consent was captured is checked before it is stored.
describe('consent capture (real server, policy pack)', function () {
  this.timeout(120_000);
  let c: RunningConnector;
  const consent = { purpose: 'newsletter', channel: 'email', method: 'double_opt_in', active_act: true, proof_ref: 'doi-1' };
  const yearsAgo = (years: number): string => `${new Date().getUTCFullYear() - years}-01-15`;
  const post = (id: string, body: Record<string, unknown>) => c.request('POST', `/v1/persons/Contacts/${id}/consents`, body);
  const stored = async (id: string): Promise<unknown[]> => (await c.request('GET', `/v1/persons/Contacts/${id}/consents`)).json.consents;
  const rules = (decision: { violations: Array<{ rule: string }> }): string[] => decision.violations.map((v) => v.rule);

  before(async () => { c = await startConnector({ policyDir: join(repoRoot, 'policies') }); });
  after(async () => { await c?.stop(); });

  it('stores a properly captured consent and answers the decision with it', async () => {
    const res = await post('cap-ok', consent);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.purpose, 'newsletter');
    assert.equal(res.json.decision.outcome, 'allow');
    assert.equal((await stored('cap-ok')).length, 1);
  });

  it('refuses a pre-ticked consent (Planet49) with the reason in German and English, stores nothing and logs the decision', async () => {
    const res = await post('cap-preticked', { ...consent, active_act: false });
    assert.equal(res.status, 422, res.text);
    assert.equal(res.json.error, 'consent_refused');
    assert.match(res.json.message, /consent\.not_active_act/);
    assert.deepEqual(rules(res.json.decision), ['consent.not_active_act']);
    assert.match(res.json.decision.violations[0].message.de, /aktive Handlung/);
    assert.deepEqual(await stored('cap-preticked'), []);
    const privacy = await c.request('GET', '/v1/persons/Contacts/cap-preticked/privacy');
    assert.equal(privacy.json.recent_decisions[0].id, res.json.decision.decision_id);
  });

  it('refuses a minor\'s consent without a parent\'s consent (GDPR Art. 8), and stores it with one', async () => {
    const minor = await post('cap-minor', { ...consent, birthdate: yearsAgo(14) });
    assert.equal(minor.status, 422, minor.text);
    assert.deepEqual(rules(minor.json.decision), ['minors.parental_consent_missing']);
    assert.deepEqual(await stored('cap-minor'), []);
    const withParent = await post('cap-minor', { ...consent, birthdate: yearsAgo(14), parental_consent_ref: 'parent-letter-7' });
    assert.equal(withParent.status, 201, withParent.text);
    assert.equal(withParent.json.parentalConsentRef, 'parent-letter-7', 'the parent\'s consent is documented with the consent');
    assert.equal(withParent.json.birthdate, undefined, 'the birthdate is checked, not stored with the consent');
    assert.equal((await post('cap-adult', { ...consent, birthdate: yearsAgo(30) })).status, 201);
  });

  it('records objections and withdrawals as they come, without a policy check', async () => {
    const objection = await post('cap-objection', { purpose: 'advertising', channel: 'any', method: 'written', status: 'objected' });
    assert.equal(objection.status, 201, objection.text);
    assert.equal(objection.json.decision, undefined);
    const invalid = await post('cap-invalid', { ...consent, birthdate: 'yesterday' });
    assert.equal(invalid.status, 400, invalid.text);
    assert.match(invalid.json.message, /birthdate/);
  });
});
