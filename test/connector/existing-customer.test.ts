import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';

// UWG §7(3): advertising e-mail without consent to an existing customer. The connector derives the facts from the
// provenance of the mailed address (obtained in a sale, objection notice at collection) and the campaign's declarations.
describe('existing-customer exception from provenance and campaign (real server, policy pack)', function () {
  this.timeout(180_000);
  let c: RunningConnector;
  const declared = { own_similar_products: true, objection_notice_each_mail: true };
  const campaign = (declarations: Record<string, unknown>): Record<string, unknown> => ({
    id: 'lenses', channel: 'email', content_type: 'advertising', purpose: 'marketing', audience: 'one_to_many',
    tracking: { open_pixel: false, per_recipient_links: false }, ...declarations,
  });
  const address = (id: string): string => `${id}@example.org`;
  // SuiteCRM's send names the recipient's addresses; email1 is the primary one
  const mailing = (id: string, declarations: Record<string, unknown>, mailed = address(id)): Record<string, unknown> => ({
    event: 'mailing.send', module: 'Contacts', record_id: id, campaign: campaign(declarations),
    email_addresses: [{ address: mailed, primary: true, opt_out: false, invalid: false, confirm_opt_in: 'not-opt-in' }],
  });
  const violations = (answer: { violations: Array<{ rule: string }> }): string[] => answer.violations.map((f) => f.rule).sort();
  const collected = '2026-01-18T10:00:00.000Z';

  async function provenance(id: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await c.request('POST', `/v1/persons/Contacts/${id}/provenance`, { field: 'email1', collected_at: collected, value: address(id), ...fields });
    assert.equal(res.status, 201, res.text);
    return res.json;
  }

  before(async () => { c = await startConnector({ policyDir: join(repoRoot, 'policies') }); });
  after(async () => { await c?.stop(); });

  it('allows the mailing when the address came from a sale with the notice and the campaign declares both conditions', async () => {
    const stored = await provenance('buyer', { source_type: 'sale', source_ref: 'order 4711', objection_notice_at: collected });
    assert.equal(stored.objectionNoticeAt, collected);
    assert.equal(stored.value, undefined, 'the address itself is not stored');
    assert.match(String(stored.valueHash), /^[0-9a-f]{64}$/);
    const answer = await c.request('POST', '/v1/decisions', mailing('buyer', declared));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(violations(answer.json), []);
    assert.notEqual(answer.json.outcome, 'deny');
  });

  it('names each campaign declaration that is missing', async () => {
    await provenance('buyer2', { source_type: 'sale', objection_notice_at: collected });
    const answer = await c.request('POST', '/v1/decisions', mailing('buyer2', { own_similar_products: true }));
    assert.equal(answer.json.outcome, 'deny');
    assert.deepEqual(violations(answer.json), ['email.no_consent', 'existing_customer.notice_in_each_mail_missing']);
    const hint = answer.json.violations.find((f: { rule: string }) => f.rule === 'existing_customer.notice_in_each_mail_missing').hint;
    assert.match(hint.de, /Widerspruchsrecht/);
    assert.match(hint.en, /right to object/);
  });

  it('refuses the exception without an objection notice at collection', async () => {
    await provenance('buyer3', { source_type: 'sale', objection_notice_at: '2026-02-20T10:00:00.000Z' });
    const late = await c.request('POST', '/v1/decisions', mailing('buyer3', declared));
    assert.deepEqual(violations(late.json), ['email.no_consent', 'existing_customer.notice_at_collection_missing']);
    await provenance('buyer4', { source_type: 'sale' });
    const none = await c.request('POST', '/v1/decisions', mailing('buyer4', declared));
    assert.deepEqual(violations(none.json), ['email.no_consent', 'existing_customer.notice_at_collection_missing']);
  });

  it('counts the sale only for the address it was recorded for (compared case-insensitively, as SuiteCRM does)', async () => {
    await provenance('mover', { source_type: 'sale', objection_notice_at: collected });
    const same = await c.request('POST', '/v1/decisions', mailing('mover', declared, ' MOVER@Example.org'));
    assert.deepEqual(violations(same.json), []);
    const changed = await c.request('POST', '/v1/decisions', mailing('mover', declared, 'mover.new@example.org'));
    assert.equal(changed.json.outcome, 'deny');
    assert.deepEqual(violations(changed.json), ['email.no_consent', 'existing_customer.address_not_from_sale']);
    const finding = changed.json.violations.find((f: { rule: string }) => f.rule === 'existing_customer.address_not_from_sale');
    assert.match(finding.hint.en, /earlier address/);
    assert.match(finding.hint.de, /frühere Adresse/);
  });

  it('plans a campaign on the addresses its recipients carry, as the send decides them', async () => {
    await provenance('planned', { source_type: 'sale', objection_notice_at: collected });
    const plan = (recipients: Array<Record<string, unknown>>): Record<string, unknown> => ({
      event: 'mailing.plan', module: 'Contacts', campaign: campaign(declared), recipients,
    });
    const mailed = (address: string): Array<Record<string, unknown>> => [{ address, primary: true, opt_out: false, invalid: false, confirm_opt_in: 'not-opt-in' }];
    const answer = await c.request('POST', '/v1/decisions', plan([
      { module: 'Contacts', id: 'planned', email_addresses: mailed(address('planned')) },
      { module: 'Contacts', id: 'planned', email_addresses: mailed('someone.else@example.org') },
      { module: 'Contacts', id: 'planned' },
    ]));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json.recipients.map((r: { rules: string[] }) => r.rules.sort()), [
      [], ['email.no_consent', 'existing_customer.address_not_from_sale'], ['email.no_consent', 'existing_customer.address_not_from_sale'],
    ]);
    const bad = await c.request('POST', '/v1/decisions', plan([{ module: 'Contacts', id: 'planned', email_addresses: [{ primary: true }] }]));
    assert.equal(bad.status, 400, bad.text);
    assert.match(bad.json.message, /recipients\/0\/email_addresses\/0/);
  });

  it('counts no sale recorded without the address', async () => {
    await provenance('unproven', { source_type: 'sale', objection_notice_at: collected, value: null });
    const answer = await c.request('POST', '/v1/decisions', mailing('unproven', declared));
    assert.deepEqual(violations(answer.json), ['email.no_consent', 'existing_customer.address_not_from_sale']);
  });

  it('gives no exception for an address from another source, whatever the campaign declares', async () => {
    await provenance('listed', { source_type: 'purchased_list', objection_notice_at: collected });
    const answer = await c.request('POST', '/v1/decisions', mailing('listed', declared));
    assert.deepEqual(violations(answer.json), ['email.no_consent']);
  });

  it('refuses an objection notice dated in the future and stores nothing', async () => {
    const ahead = await c.request('POST', '/v1/persons/Contacts/ahead/provenance', {
      field: 'email1', source_type: 'sale', objection_notice_at: new Date(Date.now() + 86_400_000).toISOString(),
    });
    assert.equal(ahead.status, 400, ahead.text);
    assert.match(ahead.json.message, /objectionNoticeAt must not be in the future/);
    const listed = await c.request('GET', '/v1/persons/Contacts/ahead/provenance');
    assert.deepEqual(listed.json.provenance, []);
  });
});
