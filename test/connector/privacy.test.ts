// The Art. 14 notice of the privacy view and of SuiteCRM's summary field, from a person's provenance rows (oldest first).
import assert from 'node:assert/strict';
import { art14Obligations } from '../../connector/src/workflows/privacy';

const row = (over: Record<string, unknown>): Record<string, unknown> => ({
  field: 'email1', sourceType: 'purchased_list', collectedAt: '2026-03-01T00:00:00.000Z', informedAt: null, createdAt: '2026-03-02T00:00:00.000Z', ...over,
});
const notice = (rows: Array<Record<string, unknown>>, guidelines: unknown = { art14_notice_days: 30 }) => art14Obligations(rows, guidelines)[0];

describe('Art. 14 notice (art14Obligations)', () => {
  it('is due after the guideline\'s days, at the latest one calendar month after collection (on the month\'s last day where shorter)', () => {
    assert.equal(notice([row({ collectedAt: '2026-03-01T00:00:00.000Z' })])?.due, '2026-03-31');
    assert.equal(notice([row({ collectedAt: '2026-01-31T10:00:00.000Z' })])?.due, '2026-02-28');
    assert.equal(notice([row({ collectedAt: '2028-01-31T10:00:00.000Z' })])?.due, '2028-02-29');
    assert.equal(notice([row({ collectedAt: '2026-12-15T00:00:00.000Z' })], { art14_notice_days: 60 })?.due, '2027-01-15');
    assert.equal(notice([row({ collectedAt: '2026-03-01T00:00:00.000Z' })], { art14_notice_days: 10 })?.due, '2026-03-11');
  });

  it('looks at the newest row of each field and is due at the earliest open field', () => {
    const informed = row({ informedAt: '2026-03-05T00:00:00.000Z' });
    assert.equal(notice([row({}), informed]), undefined, 'a newer row telling the person was informed closes the field');
    const open = notice([row({ field: 'phone_work', collectedAt: '2026-04-10T00:00:00.000Z' }), row({}), informed, row({ field: 'last_name', collectedAt: '2026-04-01T00:00:00.000Z' })]);
    assert.deepEqual([open?.due, open?.fields], ['2026-05-01', ['phone_work', 'last_name']]);
  });

  it('counts a row without collection time from when it was recorded, not from today', () => {
    assert.equal(notice([row({ collectedAt: null, createdAt: '2026-01-31T08:00:00.000Z' })])?.due, '2026-02-28');
    assert.equal(notice([{ field: 'email1', source_type: 'purchased_list', collected_at: null, created_at: '2026-01-31T08:00:00.000Z' }])?.due, '2026-02-28');
  });

  it('needs no notice for direct sources: the guidelines\' direct_sources, else the built-in ones', () => {
    const fair = [row({ sourceType: 'trade_fair_card' })];
    assert.equal(notice(fair, { art14_notice_days: 30, direct_sources: ['data_subject', 'web_form', 'trade_fair_card'] }), undefined);
    assert.deepEqual(notice([row({ sourceType: 'web_form' })], { direct_sources: ['data_subject', 'trade_fair_card'] })?.fields, ['email1']);
    assert.deepEqual(notice(fair)?.fields, ['email1']);
    assert.equal(notice([row({ sourceType: 'web_form' })]), undefined);
    assert.equal(notice([row({ sourceType: 'web_to_person' })], undefined), undefined);
  });
});
