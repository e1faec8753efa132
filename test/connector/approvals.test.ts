import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type SphereStore } from '../../connector/src/store';
import { ApprovalsInFlight, actionDigest, approvalRequestId, resolveApproval, type OpeningApprovals } from '../../connector/src/workflows/approvals';
import type { PolicyDecision } from '../../connector/src/engine/policy-engine';
import type { SphereEvent } from '../../connector/src/input/build-input';

// DPO requests shared by concurrent calls about the same action (real SQLite store).
describe('approval requests opened by concurrent calls', () => {
  let dir: string;
  let store: SphereStore;
  const event: SphereEvent = { event: 'record.export', module: 'Contacts', record_id: 'x-1', record: {}, actor: { user_id: '7' } };
  const decision: PolicyDecision = {
    outcome: 'approval', violations: [], warnings: [], obligations: [], consents_used: [], approval: { role: 'dpo', reason: { de: 'Export', en: 'Export' } },
  };
  const now = new Date('2026-05-01T10:00:00Z');
  const resolve = async (inFlight: ApprovalsInFlight, opening: OpeningApprovals, decisionId: string): Promise<string> =>
    (await resolveApproval(store, event, decision, now, decisionId, opening, inFlight)).approval?.request_id as string;
  /** A call's log write: its decision and the requests it opened, in one transaction. */
  const write = (decisionId: string, opening: OpeningApprovals, on: SphereStore = store) => on.decisions.append([{ id: decisionId, at: now, event: 'record.export', module: 'Contacts',
    recordId: 'x-1', outcome: 'approval', rules: [], revision: 'r', input: {}, decision: {} }], { approvals: [...opening.values()] });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sphere-approvals-'));
    store = await openStore({ type: 'sqlite', file: join(dir, 'db.sqlite') }, { migrate: true });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('share one request id, each writing it with its own decision: the request names a decision that was logged', async () => {
    const inFlight = new ApprovalsInFlight();
    const [a, b]: OpeningApprovals[] = [new Map(), new Map()];
    const id = await resolve(inFlight, a, 'd0000000-0000-4000-8000-00000000000a');
    assert.equal(await resolve(inFlight, b, 'd0000000-0000-4000-8000-00000000000b'), id);
    // the opener's write never happens (it failed); the other call's does
    await write('d0000000-0000-4000-8000-00000000000b', b);
    inFlight.release(a);
    inFlight.release(b);
    const stored = await store.approvals.get(id);
    assert.equal(stored?.decisionId, 'd0000000-0000-4000-8000-00000000000b');
    assert.ok(await store.decisions.get('d0000000-0000-4000-8000-00000000000b'));
  });

  it('reuse a request whose writes finished a moment ago unless the DPO decided it since', async () => {
    const inFlight = new ApprovalsInFlight();
    const first: OpeningApprovals = new Map();
    const id = await resolve(inFlight, first, 'd0000000-0000-4000-8000-000000000001');
    inFlight.release(first); // its write failed: nothing stored
    const second: OpeningApprovals = new Map();
    assert.equal(await resolve(inFlight, second, 'd0000000-0000-4000-8000-000000000002'), id, 'not stored yet: the same request, written now');
    await write('d0000000-0000-4000-8000-000000000002', second);
    inFlight.release(second);
    await store.approvals.decide(id, { approve: false, by: 'dpo' });
    const third: OpeningApprovals = new Map();
    assert.notEqual(await resolve(inFlight, third, 'd0000000-0000-4000-8000-000000000003'), id, 'a rejected request is not reopened');
  });

  it('connectors on one database that open a request for the same action at once store one request, and after a rejection the same next one', async () => {
    const other = await openStore({ type: 'sqlite', file: join(dir, 'db.sqlite') });
    try {
      const opening: OpeningApprovals[] = [new Map(), new Map()];
      const [one, two] = await Promise.all([
        resolveApproval(store, event, decision, now, 'd0000000-0000-4000-8000-0000000000a1', opening[0] as OpeningApprovals, new ApprovalsInFlight()),
        resolveApproval(other, event, decision, now, 'd0000000-0000-4000-8000-0000000000a2', opening[1] as OpeningApprovals, new ApprovalsInFlight()),
      ]);
      const id = one.approval?.request_id as string;
      assert.equal(two.approval?.request_id, id);
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await Promise.all([write('d0000000-0000-4000-8000-0000000000a1', opening[0] as OpeningApprovals), write('d0000000-0000-4000-8000-0000000000a2', opening[1] as OpeningApprovals, other)]);
      assert.deepEqual((await store.approvals.list('pending')).map((r) => r.id), [id]);
      // a connector that looked for a pending request just before the other stored it derives the same id from the store
      assert.equal(approvalRequestId(actionDigest(event), await store.approvals.countDecided(actionDigest(event))), id);

      await other.approvals.decide(id, { approve: false, by: 'dpo' });
      const again = await Promise.all([store, other].map((s, i) =>
        resolveApproval(s, event, decision, now, `d0000000-0000-4000-8000-0000000000b${i}`, new Map(), new ApprovalsInFlight())));
      const next = again[0].approval?.request_id;
      assert.equal(again[1].approval?.request_id, next);
      assert.notEqual(next, id);
      assert.equal(next, approvalRequestId(actionDigest(event), 1));
    } finally {
      await other.close();
    }
  });
});
