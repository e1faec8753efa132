import assert from 'node:assert/strict';
import { buildPolicyInput } from '../../connector/src/input/build-input';
import { checkEvent, BadInputError } from '../../connector/src/api/validate-event';
import { actionDigest } from '../../connector/src/workflows/approvals';

describe('input builder', () => {
  const event = checkEvent({ event: 'record.save', module: 'Contacts', record_id: 'c1', record: { last_name: 'M', lawful_basis: '^consent^' }, email_addresses: [{ address: 'a@b.de', opt_out: false }] });

  it('completes the event with consents, objections, provenance per field and SuiteCRM facts', () => {
    const input = buildPolicyInput({ ...event, event: 'mailing.send', campaign: { channel: 'email' } }, {
      consents: [
        { id: 'k1', purpose: 'newsletter', channel: 'email', status: 'given', given_at: new Date('2026-01-01T00:00:00Z'), method: 'double_opt_in' },
        { id: 'o1', purpose: 'advertising', channel: 'any', status: 'objected', given_at: '2026-02-01T00:00:00Z' },
      ],
      provenance: [{ field: 'email1', source_type: 'purchased_list', collected_at: '2026-03-01T00:00:00Z', informed_at: null }],
      suitecrm: { lawful_basis: ['legitimate_interest'], lawful_basis_source: null, date_reviewed: null, do_not_call: true, birthdate: null, email_addresses: [{ address: 'db@b.de', primary: true, opt_out: true, invalid: false, confirm_opt_in: 'opt-in', confirm_opt_in_date: null, confirm_opt_in_sent_date: null }] },
    }, new Date('2026-04-01T00:00:00Z'), 'rev-1') as { person: Record<string, any>; context: Record<string, unknown> };
    assert.deepEqual(input.person.lawful_basis, ['legitimate_interest']);
    assert.equal(input.person.do_not_call, true);
    assert.equal(input.person.email_addresses[0].address, 'db@b.de');
    assert.equal(input.person.consents.length, 1);
    assert.equal(input.person.consents[0].given_at, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(input.person.objections, [{ id: 'o1', purpose: 'advertising', channel: 'any', received_at: '2026-02-01T00:00:00Z' }]);
    assert.equal(input.person.provenance.email1.source_type, 'purchased_list');
    assert.equal(input.person.type, 'consumer');
    assert.deepEqual(input.context, { now: '2026-04-01T00:00:00.000Z', revision: 'rev-1' });
  });

  it('falls back to the event for e-mail addresses and the record for lawful basis when the DB has none', () => {
    const input = buildPolicyInput(event, { consents: [], provenance: [], suitecrm: null }, new Date(), null) as { person: Record<string, any> };
    assert.equal(input.person.email_addresses[0].address, 'a@b.de');
    assert.deepEqual(input.person.lawful_basis, ['consent']);
  });

  it('takes the values being saved over the stored ones for a save, and the stored ones for a mailing', () => {
    const stored = { consents: [], provenance: [], suitecrm: { lawful_basis: ['consent'], lawful_basis_source: null, date_reviewed: null, do_not_call: false, birthdate: null, email_addresses: [{ address: 'db@b.de', primary: true, opt_out: false, invalid: false, confirm_opt_in: 'not-opt-in', confirm_opt_in_date: null, confirm_opt_in_sent_date: null }] } };
    const record = { last_name: 'M', lawful_basis: '^withdrawn^', do_not_call: '1' };
    const addresses = [{ address: 'new@b.de', primary: true, opt_out: true }];
    const save = buildPolicyInput(checkEvent({ event: 'record.save', module: 'Contacts', record_id: 'c1', record, email_addresses: addresses }), stored, new Date(), null) as { person: Record<string, any> };
    assert.deepEqual(save.person.lawful_basis, ['withdrawn']);
    assert.equal(save.person.do_not_call, true);
    assert.equal(save.person.email_addresses[0].address, 'new@b.de');
    const mailing = buildPolicyInput(checkEvent({ event: 'mailing.send', module: 'Contacts', record_id: 'c1', record, email_addresses: addresses, campaign: { channel: 'email' } }), stored, new Date(), null) as { person: Record<string, any> };
    assert.deepEqual(mailing.person.lawful_basis, ['consent']);
    assert.equal(mailing.person.do_not_call, false);
    assert.equal(mailing.person.email_addresses[0].address, 'db@b.de');
  });
});

describe('event validation', () => {
  it('names an unknown event and lists schema violations by path', () => {
    assert.throws(() => checkEvent({ event: 'record.delete', module: 'Contacts' }), (e: BadInputError) => e.code === 'unknown_event' && /record\.delete/.test(e.message));
    assert.throws(() => checkEvent({ event: 'record.save', module: 'Cases', record: [] }), (e: BadInputError) => e.code === 'schema_violation' && e.details.some((d) => d.startsWith('/module')) && e.details.some((d) => d.startsWith('/record')));
    assert.throws(() => checkEvent({ event: 'mailing.plan', module: 'Contacts' }), /campaign/);
  });
});

describe('approval digests', () => {
  it('the same action has the same digest regardless of key order; a different change does not', () => {
    const a = actionDigest({ event: 'record.save', module: 'Contacts', record_id: '1', changes: { email1: { before: null, after: 'x' } }, record: { a: 1, b: 2 } });
    const b = actionDigest({ record: { b: 2, a: 1 }, changes: { email1: { before: null, after: 'x' } }, record_id: '1', module: 'Contacts', event: 'record.save' });
    const c = actionDigest({ event: 'record.save', module: 'Contacts', record_id: '1', changes: { email1: { before: null, after: 'y' } }, record: { a: 1, b: 2 } });
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
});
