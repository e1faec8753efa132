import assert from 'node:assert/strict';
import { redactionFields } from '../../connector/src/security/redact';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const policiesDir = path.join(__dirname, '..', '..', 'policies');
const readJson = (relative: string): unknown => JSON.parse(readFileSync(path.join(policiesDir, relative), 'utf8'));

function compile(relative: string) {
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(readJson(relative) as object);
}

describe('policy schemas', () => {
  it('accepts a decision with a finding, an obligation and a DPO approval', () => {
    const validate = compile('schema/decision.schema.json');
    const bilingual = { de: 'Text', en: 'Text' };
    const finding = { rule: 'consent.withdrawn', message: bilingual, legal_basis: ['GDPR Art. 7(3)'], hint: bilingual, fields: ['person.consents'] };
    const decision = {
      outcome: 'approval', violations: [], warnings: [finding],
      obligations: [{ id: 'provenance.art14_notice', message: bilingual, legal_basis: ['GDPR Art. 14'], due: '2026-12-23', fields: ['email1'] }],
      approval: { role: 'dpo', reason: bilingual },
    };
    assert.equal(validate(decision), true, JSON.stringify(validate.errors));
  });

  it('rejects a finding whose message lacks German', () => {
    const validate = compile('schema/decision.schema.json');
    const finding = { rule: 'consent.withdrawn', message: { en: 'x' }, legal_basis: ['GDPR Art. 7(3)'], hint: { de: 'x', en: 'x' }, fields: [] };
    assert.equal(validate({ outcome: 'deny', violations: [finding], warnings: [], obligations: [], approval: null }), false);
  });

  it('accepts a contract-shaped input and rejects an unknown event', () => {
    const validate = compile('schema/input.schema.json');
    const input = {
      event: 'mailing.send', module: 'Contacts', record: { last_name: 'Muster' }, actor: { user_id: '1', roles: ['sales'] },
      channel: 'campaign', campaign: { channel: 'email', content_type: 'advertising', purpose: 'newsletter' },
      person: { type: 'consumer', consents: [{ id: 7, purpose: 'newsletter', channel: 'email', status: 'given', active_act: true }], objections: [] },
      context: { now: '2026-11-23T00:00:00Z', revision: 'r1' },
    };
    assert.equal(validate(input), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...input, event: 'record.delete' }), false);
  });

  it('guidelines hold the thresholds the rules and the connector read', () => {
    const guidelines = readJson('data/guidelines.json') as Record<string, unknown>;
    assert.equal(guidelines.minor_age, 16);
    const redaction = guidelines.redaction as { fields?: unknown };
    assert.ok(Array.isArray(redaction.fields) && redaction.fields.length > 0);
    // the connector reads exactly this list (connector/src/security/redact.ts)
    assert.deepEqual([...redactionFields(guidelines)], redaction.fields);
  });
});
