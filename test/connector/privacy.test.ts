// The open obligations of the privacy view and of SuiteCRM's summary field come from the active policy
// (sphere/person_obligations): the pack decides them, and a revision without that entrypoint says so.
import assert from 'node:assert/strict';
import { personObligations } from '../../connector/src/workflows/privacy';
import { PolicyEngine, DECISION_ENTRYPOINT } from '../../connector/src/engine/policy-engine';
import { compileSources, writeBundle } from '../../connector/src/rego';
import type { Row } from '../../connector/src/input/store-port';
import { packEngine } from '../support/pack-engine';

const row = (over: Record<string, unknown>): Row => ({
  field: 'email1', sourceType: 'purchased_list', collectedAt: '2026-03-01T00:00:00.000Z', informedAt: null, createdAt: '2026-03-02T00:00:00.000Z', ...over,
});
const now = new Date('2026-06-01T00:00:00Z');

describe('person obligations (the policy pack\'s sphere/person_obligations)', function () {
  this.timeout(60_000);
  let engine: PolicyEngine;
  before(async () => { engine = await packEngine(); });
  const open = (rows: Row[], on: PolicyEngine = engine) => personObligations(on, 'Contacts', 'p-1', { consents: [], provenance: rows, suitecrm: null }, now);
  const notice = (rows: Row[], on?: PolicyEngine) => {
    const result = open(rows, on);
    assert.ok('obligations' in result, JSON.stringify(result));
    return result.obligations.find((o) => o.id === 'provenance.art14_notice');
  };

  it('is due after the guideline\'s days, at the latest one calendar month after collection (on the month\'s last day where shorter)', () => {
    assert.equal(notice([row({ collectedAt: '2026-03-01T00:00:00.000Z' })])?.due, '2026-03-31');
    assert.equal(notice([row({ collectedAt: '2026-01-31T10:00:00.000Z' })])?.due, '2026-02-28');
    assert.equal(notice([row({ collectedAt: '2028-01-31T10:00:00.000Z' })])?.due, '2028-02-29');
  });

  it('looks at the newest row of each field and is due at the earliest open field, in both languages', () => {
    const informed = row({ informedAt: '2026-03-05T00:00:00.000Z' });
    assert.equal(notice([row({}), informed]), undefined, 'a newer row telling the person was informed closes the field');
    const o = notice([row({ field: 'phone_work', collectedAt: '2026-04-10T00:00:00.000Z' }), row({}), informed, row({ field: 'last_name', collectedAt: '2026-04-01T00:00:00.000Z' })]);
    assert.deepEqual([o?.due, o?.fields], ['2026-05-01', ['last_name', 'phone_work']]);
    assert.match(o?.message.de ?? '', /bis 2026-05-01/);
    assert.match(o?.message.en ?? '', /by 2026-05-01/);
  });

  it('counts a stored row without collection time from when it was recorded, not from today', () => {
    assert.equal(notice([row({ collectedAt: null, createdAt: '2026-01-31T08:00:00.000Z' })])?.due, '2026-02-28');
    assert.equal(notice([{ field: 'email1', source_type: 'purchased_list', collected_at: null, created_at: '2026-01-31T08:00:00.000Z' }])?.due, '2026-02-28');
  });

  it('follows the legal team\'s guidelines: notice days and direct sources', async () => {
    const edited = await packEngine({ art14_notice_days: 10, direct_sources: ['data_subject'] });
    assert.equal(notice([row({})], edited)?.due, '2026-03-11');
    assert.equal(notice([row({ sourceType: 'trade_fair_card' })]), undefined, 'a direct source in the pack\'s guidelines');
    assert.deepEqual(notice([row({ sourceType: 'trade_fair_card' })], edited)?.fields, ['email1']);
  });

  it('a revision built without the entrypoint, or with none active, is reported as unavailable rather than as nothing open', async () => {
    const decisionOnly = new PolicyEngine();
    const wasm = await compileSources([{ file: 'd.rego', text: 'package sphere\n\ndecision := {"outcome": "allow"}\n' }], [DECISION_ENTRYPOINT]);
    decisionOnly.activate(await decisionOnly.prepare(writeBundle(wasm, [DECISION_ENTRYPOINT], {}, 'opa-built')));
    assert.deepEqual(open([row({})], decisionOnly), { unavailable: 'policy revision opa-built has no entrypoint sphere/person_obligations' });
    assert.deepEqual(open([row({})], new PolicyEngine()), { unavailable: 'no policy revision is active' });
  });
});
