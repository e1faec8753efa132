// The weekly report's aggregates on both backends: counted by the database over [Monday 00:00, next Monday 00:00) UTC.
import assert from 'node:assert/strict';
import { BACKENDS } from './backends';
import type { NewDecision } from '../../connector/src/store';

const WEEK = { from: '2026-11-23T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' }; // 2026-W48

let n = 0;
function decision(at: string, event: string, outcome: string, rules: string[], decisionBody: unknown): NewDecision {
  n += 1;
  return {
    id: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`, at, event, module: 'Contacts', recordId: `c-${n}`,
    personModule: 'Contacts', personId: `c-${n}`, outcome, rules, revision: 'rev-1', input: {}, decision: decisionBody, actorId: null,
  };
}
const live = (outcome: string): unknown => ({ dry_run: false, outcome });

for (const backend of BACKENDS) {
  describe(`weekly report queries on ${backend.name}`, function () {
    this.timeout(300_000);
    let ctx: Awaited<ReturnType<typeof backend.fresh>>;
    before(async () => { ctx = await backend.fresh(); });
    after(async () => ctx?.dispose());

    it('counts the week\'s decisions by outcome, event and rule; Monday 00:00 is in, the next Monday 00:00 out; dry runs apart', async () => {
      await ctx.store.decisions.appendMany([
        decision('2026-11-22T23:59:59.999Z', 'record.save', 'deny', ['email.no_consent'], live('deny')), // before
        decision('2026-11-23T00:00:00.000Z', 'record.save', 'deny', ['consent.not_active', 'email.no_consent'], live('deny')), // first instant
        decision('2026-11-25T10:00:00.000Z', 'mailing.send', 'deny', ['email.no_consent'], live('deny')),
        decision('2026-11-25T11:00:00.000Z', 'record.save', 'warn', ['provenance.art14_notice'], { dry_run: true, outcome: 'warn' }),
        decision('2026-11-26T08:00:00.000Z', 'record.import', 'allow', [], { outcome: 'allow' }), // written without dry_run: not a dry run
        decision('2026-11-27T08:00:00.000Z', 'mailing.send', 'warn', ['consent.unused_long', 'consent.unused_long'], live('warn')), // one decision, once
        decision('2026-11-29T23:59:59.999Z', 'record.save', 'allow', [], live('allow')), // last instant
        decision('2026-11-30T00:00:00.000Z', 'record.save', 'deny', ['email.no_consent'], live('deny')), // next week
      ]);
      const counts = await ctx.store.reports.decisionCounts(WEEK);
      assert.equal(counts.total, 5);
      assert.deepEqual(counts.byOutcome, { deny: 2, allow: 2, warn: 1 });
      assert.deepEqual(counts.byEvent, { 'record.save': 2, 'mailing.send': 2, 'record.import': 1 });
      assert.deepEqual(counts.topRules, [{ rule: 'email.no_consent', count: 2 }, { rule: 'consent.not_active', count: 1 }, { rule: 'consent.unused_long', count: 1 }]);
      assert.deepEqual(counts.dryRuns, { total: 1, byOutcome: { warn: 1 } });
      assert.deepEqual((await ctx.store.reports.decisionCounts(WEEK, 1)).topRules, [{ rule: 'email.no_consent', count: 2 }]);
      const empty = await ctx.store.reports.decisionCounts({ from: '2026-12-07T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' });
      assert.deepEqual(empty, { total: 0, byOutcome: {}, byEvent: {}, topRules: [], dryRuns: { total: 0, byOutcome: {} } });
    });

    it('counts approvals pending now (with the oldest) and those requested, approved and rejected in the week', async () => {
      const create = (id: string, createdAt: string) => ctx.store.approvals.create({ id, digest: `d-${id}`, role: 'dpo', reason: { en: 'r' }, createdAt });
      await create('old-pending', '2026-11-20T09:00:00.000Z');
      await create('new-pending', '2026-11-24T09:00:00.000Z');
      await create('approved-in', '2026-11-10T09:00:00.000Z');
      await ctx.store.approvals.decide('approved-in', { status: 'approved', decidedAt: '2026-11-23T00:00:00.000Z' });
      await create('rejected-in', '2026-11-26T09:00:00.000Z');
      await ctx.store.approvals.decide('rejected-in', { status: 'rejected', decidedAt: '2026-11-27T09:00:00.000Z' });
      await create('rejected-next-week', '2026-11-25T09:00:00.000Z');
      await ctx.store.approvals.decide('rejected-next-week', { status: 'rejected', decidedAt: '2026-11-30T00:00:00.000Z' });
      assert.deepEqual(await ctx.store.reports.approvalCounts(WEEK), {
        pending: 2, oldestPendingCreatedAt: '2026-11-20T09:00:00.000Z', requested: 3, approved: 1, rejected: 1,
      });
    });

    it('counts consents recorded, withdrawn and objected in the week', async () => {
      const add = (over: Record<string, unknown>) => ctx.store.consents.add({ person_module: 'Contacts', person_id: 'k1', purpose: 'newsletter', channel: 'email', ...over });
      await add({ created_at: '2026-11-23T00:00:00.000Z' });
      const later = await add({ created_at: '2026-11-24T00:00:00.000Z' });
      await ctx.store.consents.withdraw('Contacts', 'k1', later.id, '2026-11-29T23:59:59.999Z');
      const earlier = await add({ created_at: '2026-11-01T00:00:00.000Z' });
      await ctx.store.consents.withdraw('Contacts', 'k1', earlier.id, '2026-11-30T00:00:00.000Z'); // next week
      await add({ created_at: '2026-11-30T00:00:00.000Z' }); // next week
      await add({ status: 'objected', purpose: 'profiling', created_at: '2026-11-25T00:00:00.000Z' });
      await add({ status: 'objected', purpose: 'profiling', created_at: '2026-11-22T23:59:59.999Z' }); // before
      assert.deepEqual(await ctx.store.reports.consentCounts(WEEK), { given: 2, withdrawn: 1, objected: 1 });
    });

    it('lists people with provenance they were not told of, distinct and bounded', async () => {
      const add = (module: string, id: string, field: string, informedAt: string | null) =>
        ctx.store.provenance.add({ person_module: module, person_id: id, field, source_type: 'purchased_list', informed_at: informedAt });
      await add('Contacts', 'u-1', 'email1', null);
      await add('Contacts', 'u-1', 'phone_work', null);
      await add('Contacts', 'told', 'email1', '2026-11-01T00:00:00.000Z');
      await add('Leads', 'u-2', 'email1', null);
      // collected long ago: listed first, so a cut list keeps the longest-open notices
      await ctx.store.provenance.add({ person_module: 'Leads', person_id: 'z-old', field: 'email1', source_type: 'purchased_list', collected_at: '2020-01-01T00:00:00.000Z' });
      assert.deepEqual(await ctx.store.reports.uninformedPeople(10), [{ module: 'Leads', id: 'z-old' }, { module: 'Contacts', id: 'u-1' }, { module: 'Leads', id: 'u-2' }]);
      assert.deepEqual(await ctx.store.reports.uninformedPeople(1), [{ module: 'Leads', id: 'z-old' }]);
    });

    it('lets one connector claim a week\'s delivery: a fresh claim wins, a live one blocks, a stale one is taken over, a sent week stays sent', async () => {
      const runs = ctx.store.reportRuns;
      const claim = (at: string): Promise<boolean> => runs.claim('2026-W48', at, new Date(Date.parse(at) - 30 * 60_000).toISOString());
      const both = await Promise.all([claim('2026-11-30T06:00:00.000Z'), claim('2026-11-30T06:00:00.000Z')]);
      assert.deepEqual(both.sort(), [false, true], 'two connectors at once: one claim');
      assert.equal(await claim('2026-11-30T06:20:00.000Z'), false, 'still being sent');
      assert.equal(await claim('2026-11-30T06:31:00.000Z'), true, 'its connector died: taken over');
      await runs.release('2026-W48');
      assert.equal(await claim('2026-11-30T07:31:00.000Z'), true, 'released after a failed send');
      assert.equal(await runs.isSent('2026-W48'), false);
      await runs.markSent('2026-W48', '2026-11-30T07:31:05.000Z');
      assert.equal(await runs.isSent('2026-W48'), true);
      assert.equal(await claim('2026-12-30T07:31:00.000Z'), false, 'sent weeks are never claimed again');
      await runs.release('2026-W48');
      assert.equal(await runs.isSent('2026-W48'), true, 'release does not undo a sent week');
    });
  });
}
