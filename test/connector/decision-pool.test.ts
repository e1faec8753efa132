import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { PolicyEngine } from '../../connector/src/engine/policy-engine';
import { DecisionPool } from '../../connector/src/workflows/decision-pool';
import { ConnectorMetrics } from '../../connector/src/metrics';
import { openStore, type SphereStore } from '../../connector/src/store';
import { DecisionService } from '../../connector/src/workflows/decision-service';
import { buildPolicyInput, type PersonFacts, type SphereEvent } from '../../connector/src/input/build-input';
import { redactedJson } from '../../connector/src/security/redact';
import { markerBundle } from './fixtures/marker-policy';
import { BatchAnswersJson } from '../../connector/src/api/answers-json';

describe('decision worker pool', function () {
  this.timeout(60_000);

  it('decides a chunk exactly as the in-process engine, with a runtime error reported per event', async () => {
    const engine = new PolicyEngine();
    const policy = await engine.prepare(await markerBundle('rev-pool'));
    engine.activate(policy);
    const pool = new DecisionPool(2);
    try {
      // the last event repeats the first: equal results travel once and come back for both
      const events: SphereEvent[] = ['Muster', 'DENY', 'BOOM', 'APPR', 'Ümlaut ✓ 𝄞', 'Muster', 'DENY'].map((m, i) => ({
        event: 'record.save', module: 'Contacts', record_id: `c-${i % 2}`, record: { last_name: m, email1: 'm@example.de' }, actor: { user_id: '1' },
      }));
      const facts: PersonFacts[] = [
        { consents: [{ id: 'k1', purpose: 'newsletter', channel: 'email', status: 'given', givenAt: '2026-01-01T00:00:00.000Z', activeAct: true }], provenance: [], suitecrm: null },
        { consents: [], provenance: [{ field: 'email1', sourceType: 'purchased_list', collectedAt: '2026-03-01T00:00:00.000Z' }], suitecrm: null },
      ];
      const nows = events.map((_, i) => Date.parse('2026-05-01T10:00:00.000Z') + i);
      const fields = new Set(['last_name', 'email1']);
      const chunk = await pool.decide(policy, { events, facts, factIndex: events.map((_, i) => i % 2), nows, redact: [...fields] });
      const inputs = events.map((e, i) => buildPolicyInput(e, facts[i % 2] as PersonFacts, new Date(nows[i] as number), policy.revision));
      const pooled = events.map((_, i) => PolicyEngine.settle(policy, chunk.results[i] ?? null, chunk.errors[i] ?? null));
      assert.deepEqual(pooled, inputs.map((input) => engine.evaluate(input)));
      assert.deepEqual(pooled.map((e) => e.decision.outcome), ['allow', 'deny', 'deny', 'approval', 'allow', 'allow', 'deny']);
      assert.equal(chunk.results[6], chunk.results[1]);
      assert.equal(chunk.results[2], null);
      assert.match(String(pooled[2]?.policyError), /BOOM/);
      assert.deepEqual(chunk.logInputs, inputs.map((input) => redactedJson(input, fields)));
      assert.equal(chunk.durations.length, events.length);
      // The worker keeps serving after the runtime error.
      const again = await pool.decide(policy, { events: [events[0] as SphereEvent], facts, factIndex: [0], nows: [0], redact: [] });
      assert.equal(PolicyEngine.settle(policy, again.results[0] ?? null, again.errors[0] ?? null).decision.outcome, 'allow');
    } finally {
      await pool.close();
    }
  });

  describe('decision service batches', () => {
    let dir: string;
    let store: SphereStore;
    let engine: PolicyEngine;
    const log = pino({ level: 'silent' });
    const events = (n: number): SphereEvent[] => Array.from({ length: n }, (_, i) => ({
      event: 'record.import', module: 'Leads', record_id: `l-${i % 7}`, channel: 'import',
      record: { last_name: i % 10 === 3 ? 'DENY' : i % 25 === 7 ? 'BOOM' : i % 40 === 11 ? 'APPR' : `Row ${i}` }, ...(i % 3 === 0 ? {} : { request_id: `r-${i}` }),
    }));
    // What varies per decision (ids, times) is left out of the comparison.
    const comparable = (answers: Array<Record<string, unknown>>) => answers.map(({ decision_id: _, evaluated_at: __, ...rest }) => rest);

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sphere-pool-'));
      store = await openStore({ type: 'sqlite', file: join(dir, 'db.sqlite') }, { migrate: true });
      engine = new PolicyEngine();
      engine.activate(await engine.prepare(await markerBundle('rev-batch')));
    });
    afterEach(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answer and log a batch on the pool exactly as in-process', async () => {
      const pool = new DecisionPool(2);
      try {
        const metrics = new ConnectorMetrics();
        // The batch route serialises the answers as they are handed over, shared findings once: the same text as JSON.stringify.
        const pooledJson = new BatchAnswersJson();
        const handedOver: number[] = [];
        const pooled = await new DecisionService(store, engine, metrics, log, pool).decideMany(events(300), (answers) => {
          handedOver.push(answers.length);
          pooledJson.add(answers);
        });
        const localJson = new BatchAnswersJson();
        const local = await new DecisionService(store, engine, new ConnectorMetrics(), log).decideMany(events(300), (answers) => localJson.add(answers));
        assert.deepEqual(comparable(pooled as never), comparable(local as never));
        assert.deepEqual(handedOver, [200, 100], 'the pool hands the answers over chunk by chunk');
        // time-ordered ids (UUIDv7), increasing in answer order: the log's id index grows at its end
        const ids = pooled.map((a) => a.decision_id);
        assert.ok(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)), ids[0]);
        assert.ok(ids.every((id, i) => i === 0 || (ids[i - 1] as string) < id), 'ids increase');
        assert.equal(pooledJson.body().toString('utf8'), JSON.stringify({ decisions: pooled }));
        assert.equal(localJson.body().toString('utf8'), JSON.stringify({ decisions: local }));
        assert.equal(new BatchAnswersJson().body().toString('utf8'), '{"decisions":[]}');
        assert.equal(pooled.filter((a) => a.violations[0]?.rule === 'sphere.policy_error').length, 12);
        assert.deepEqual(pooled.filter((a) => a.outcome === 'approval').map((a) => a.approval?.status), Array(8).fill('pending'));
        assert.equal((await store.approvals.list({ status: 'pending' })).length, 7);
        const exposed = await metrics.registry.metrics();
        assert.match(exposed, /sphere_policy_errors_total 12/);
        // counted per chunk: each outcome's and rule's total is that of the answers
        const tally = (keys: string[]): Map<string, number> => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
        for (const [outcome, n] of tally(pooled.map((a) => a.outcome))) {
          assert.match(exposed, new RegExp(`sphere_decisions_total\\{outcome="${outcome}",event="record.import"\\} ${n}\n`));
        }
        for (const [rule, n] of tally(pooled.flatMap((a) => a.violations.map((v) => v.rule)))) {
          assert.match(exposed, new RegExp(`sphere_rule_findings_total\\{rule="${rule.replace('.', '\\.')}",kind="violation"\\} ${n}\n`));
        }
        assert.match(exposed, /sphere_decision_duration_seconds_count\{event="record.import"\} 300\n/);
        const logged = await store.decisions.get(pooled[3]?.decision_id as string);
        const same = await store.decisions.get(local[3]?.decision_id as string);
        assert.deepEqual({ ...logged, id: null, at: null, seq: null, hash: null, prevHash: null, input: { ...(logged?.input as object), context: null } },
          { ...same, id: null, at: null, seq: null, hash: null, prevHash: null, input: { ...(same?.input as object), context: null } });
        assert.equal((logged?.input as { record: { last_name: string } }).record.last_name, '[redacted]');
        assert.deepEqual(await store.decisions.verify(), { ok: true, checked: 600 });
      } finally {
        await pool.close();
      }
    });

    it('evaluate a plan on the pool exactly as in-process, at one time, logging and requesting nothing', async () => {
      const pool = new DecisionPool(2);
      try {
        const now = new Date('2026-05-01T10:00:00.000Z');
        const planned = events(300).map((e) => ({ ...e, dry_run: true }));
        const pooled = await new DecisionService(store, engine, new ConnectorMetrics(), log, pool).evaluateMany(planned, now);
        const local = await new DecisionService(store, engine, new ConnectorMetrics(), log).evaluateMany(planned, now);
        assert.deepEqual(comparable(pooled as never), comparable(local as never));
        assert.deepEqual(new Set(pooled.map((a) => a.evaluated_at)), new Set([now.toISOString()]));
        assert.equal(pooled.filter((a) => a.outcome === 'deny').length, 42);
        assert.deepEqual(new Set(pooled.filter((a) => a.outcome === 'approval').map((a) => a.approval?.status)), new Set(['not_requested']));
        assert.deepEqual(await store.decisions.verify(), { ok: true, checked: 0 });
        assert.equal((await store.approvals.list({})).length, 0);
      } finally {
        await pool.close();
      }
    });

    it('write nothing of a batch that fails after its log append began, and leave the log to the next one', async () => {
      const pool = new DecisionPool(2);
      try {
        // 6,000 events: the append begins before the last chunks are decided; the approval requests they open are
        // checked only once every chunk is answered, and this store refuses them then
        const many = Array.from({ length: 20 }, () => events(300)).flat();
        const refusing: SphereStore = { ...store, approvals: { ...store.approvals, check: () => { throw new Error('approval refused'); } } };
        const appendsBegun: number[] = [];
        const watched: SphereStore = { ...refusing, decisions: { ...store.decisions, appendDraft: (draft, effects) => {
          appendsBegun.push(draft.size);
          return store.decisions.appendDraft(draft, effects);
        } } };
        await assert.rejects(new DecisionService(watched, engine, new ConnectorMetrics(), log, pool).decideMany(many), /approval refused/);
        assert.equal(appendsBegun.length, 1);
        assert.ok((appendsBegun[0] as number) < many.length, `the append began with ${appendsBegun[0]} of ${many.length} entries`);
        assert.deepEqual(await store.decisions.verify(), { ok: true, checked: 0 });
        assert.equal((await store.approvals.list({})).length, 0);
        await new DecisionService(store, engine, new ConnectorMetrics(), log, pool).decideMany(events(300));
        assert.deepEqual(await store.decisions.verify(), { ok: true, checked: 300 });
      } finally {
        await pool.close();
      }
    });

    it('decide in-process when a worker fails, with the same answers', async () => {
      const pool = new DecisionPool(1);
      const warnings: string[] = [];
      const warnLog = pino({ level: 'warn' }, { write: (line: string) => { warnings.push(line); } });
      try {
        const service = new DecisionService(store, engine, new ConnectorMetrics(), warnLog, pool);
        const expected = comparable(await new DecisionService(store, engine, new ConnectorMetrics(), log).decideMany(events(200)) as never);
        await pool.warm(engine.current());
        // The worker dies while the batch is being evaluated.
        const running = service.decideMany(events(200));
        await (pool as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } | null }> }).slots[0]?.worker?.terminate();
        assert.deepEqual(comparable(await running as never), expected);
        assert.ok(warnings.some((w) => /deciding in-process/.test(w)), warnings.join('\n'));
        // Right after a failure no worker is restarted; the next batch is evaluated in-process too.
        assert.deepEqual(comparable(await service.decideMany(events(200)) as never), expected);
        assert.deepEqual(await store.decisions.verify(), { ok: true, checked: 600 });
      } finally {
        await pool.close();
      }
    });
  });
});
