import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { BACKENDS, decisions } from './backends';
import { rowHash } from '../../connector/src/store/decision-log';
import type { StoreConfig } from '../../connector/src/store';

const repoRoot = join(__dirname, '..', '..');
const dbArg = (config: StoreConfig): string => (config.type === 'sqlite' ? `sqlite:${config.file}` : config.url);
const logVerify = (config: StoreConfig) =>
  spawnSync(process.execPath, [join(repoRoot, 'bin', 'sphere'), 'log', 'verify', '--db', dbArg(config)], { encoding: 'utf8', cwd: repoRoot });

describe('decision log row hash', () => {
  const row: Parameters<typeof rowHash>[0] = {
    seq: 7, id: '0b6f6b0e-4c1f-4d0e-9a53-3c1f0a3b2f10', at: '2026-12-01T10:00:00.000Z', event: 'record.save', module: 'Contacts',
    recordId: 'c-1', personModule: 'Contacts', personId: 'c-1', outcome: 'deny', rules: '["a.b"]', revision: null,
    input: '{"record":{"company":"Müller \\"Söhne\\" GmbH\\n"},"note":"\\ud800 ✓ 😀"}',
    decision: '{"message":{"de":"Für die hinzugefügten Daten …","en":"No \\"source\\""}}', actorId: null, prevHash: '0'.repeat(64),
  };
  // The chain's hash input since the first release: old logs must keep verifying, so it may never change.
  const canonical = (r: typeof row): string => createHash('sha256').update(JSON.stringify([r.seq, r.id, r.at, r.event, r.module, r.recordId,
    r.personModule, r.personId, r.outcome, r.rules, r.revision, r.input, r.decision, r.actorId, r.prevHash])).digest('hex');

  it('is the SHA-256 of the JSON array of the row\'s columns, for any text and for consecutive rows sharing a decision', () => {
    assert.equal(rowHash(row), canonical(row));
    const next = { ...row, seq: 8, id: 'x', input: '{}', prevHash: rowHash(row) };
    assert.equal(rowHash(next), canonical(next));
    const other = { ...next, decision: '{"message":"\\u0000\\t"}', actorId: '1' };
    assert.equal(rowHash(other), canonical(other));
    assert.equal(rowHash(row), canonical(row));
  });

  it('is the same for a row larger than the buffer its content is assembled in (27 KB of UTF-8), and for the rows after it', () => {
    const big = { ...row, input: JSON.stringify({ note: 'ü€😀'.repeat(3000) }) };
    assert.equal(rowHash(big), canonical(big));
    assert.equal(rowHash(row), canonical(row));
  });
});

for (const backend of BACKENDS) {
  describe(`hash-chained decision log on ${backend.name}`, () => {
    let ctx: Awaited<ReturnType<typeof backend.fresh>>;
    beforeEach(async () => {
      ctx = await backend.fresh();
      await ctx.store.decisions.appendMany(decisions(10));
    });
    afterEach(async () => ctx?.dispose());

    it('links every row to the previous one and verifies an untouched log', async () => {
      const more = await ctx.store.decisions.appendMany(decisions(5, 10));
      assert.deepEqual(more.map((d) => d.seq), [11, 12, 13, 14, 15]);
      const tenth = await ctx.store.decisions.get(decisions(1, 9)[0].id);
      assert.equal(more[0].prevHash, tenth?.hash);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 15 });
      const cli = logVerify(ctx.config);
      assert.equal(cli.status, 0, cli.stderr);
      assert.match(cli.stdout, /^ok: 15 decision/);
    });

    it('detects an edited row and names it', async () => {
      await ctx.exec("UPDATE sphere_decisions SET outcome = 'allow' WHERE seq = 4");
      const result = await ctx.store.decisions.verify();
      assert.equal(result.ok, false);
      assert.equal(result.firstBroken?.seq, 4);
      assert.equal(result.firstBroken?.id, decisions(1, 3)[0].id);
      assert.match(result.firstBroken?.reason ?? '', /edited/);
      const cli = logVerify(ctx.config);
      assert.equal(cli.status, 1);
      assert.match(cli.stdout, new RegExp(`BROKEN at seq 4 \\(decision ${decisions(1, 3)[0].id}\\)`));
    });

    it('detects an edit that also recomputes the row hash (the next row no longer links)', async () => {
      await ctx.exec("UPDATE sphere_decisions SET input = '{}', hash = ? WHERE seq = 6", ['a'.repeat(64)]);
      const result = await ctx.store.decisions.verify();
      assert.equal(result.firstBroken?.seq, 6);
    });

    it('detects a deleted row as a gap', async () => {
      await ctx.exec('DELETE FROM sphere_decisions WHERE seq = 7');
      const result = await ctx.store.decisions.verify();
      assert.deepEqual([result.ok, result.checked, result.firstBroken?.seq], [false, 6, 8]);
      assert.match(result.firstBroken?.reason ?? '', /deleted/);
    });

    it('detects rows deleted from the end of the log', async () => {
      await ctx.exec('DELETE FROM sphere_decisions WHERE seq >= 9');
      const result = await ctx.store.decisions.verify();
      assert.deepEqual([result.ok, result.checked, result.firstBroken?.seq], [false, 8, 9]);
      assert.match(result.firstBroken?.reason ?? '', /rows 9\.\.10 at the end of the log were deleted/);
    });

    it('detects two swapped rows', async () => {
      await ctx.exec('UPDATE sphere_decisions SET seq = 1000 WHERE seq = 3');
      await ctx.exec('UPDATE sphere_decisions SET seq = 3 WHERE seq = 5');
      await ctx.exec('UPDATE sphere_decisions SET seq = 5 WHERE seq = 1000');
      const result = await ctx.store.decisions.verify();
      assert.equal(result.firstBroken?.seq, 3);
      assert.equal(result.firstBroken?.id, decisions(1, 4)[0].id);
    });

    it('accepts decisionId/createdAt and the snake_case names as aliases; the person defaults to module and record', async () => {
      const [first, second] = decisions(2, 50);
      const [aliased, defaulted] = await ctx.store.decisions.appendMany([
        { decision_id: first.id, created_at: first.at, event: 'record.save', module: 'Contacts', record_id: 'c-9', person_module: 'Leads',
          person_id: 'l-9', outcome: 'allow', rules: [], revision: 'rev-1', input: {}, decision: {}, actor_id: '7' },
        { decisionId: second.id, createdAt: new Date(second.at), event: 'record.save', module: 'Contacts', recordId: 'c-10', outcome: 'deny', input: {}, decision: {} },
      ]);
      assert.deepEqual([aliased.id, aliased.at, aliased.recordId, aliased.personModule, aliased.personId, aliased.actorId],
        [first.id, first.at, 'c-9', 'Leads', 'l-9', '7']);
      assert.deepEqual([defaulted.id, defaulted.at, defaulted.personModule, defaulted.personId, defaulted.actorId, defaulted.rules, defaulted.revision],
        [second.id, second.at, 'Contacts', 'c-10', null, [], null]);
      await assert.rejects(ctx.store.decisions.appendMany([{ ...first, id: 'x'.repeat(37), at: 'not a date', module: 'M'.repeat(33), rules: [1] }]),
        /decision #0: module is longer than 32 characters; id is longer than 36 characters; at is not a valid date\/time \(got "not a date"\); rules must be a list of strings/);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 12 });
    });

    it('serialises concurrent appends so the chain never forks', async () => {
      await Promise.all(Array.from({ length: 8 }, (_, k) => ctx.store.decisions.appendMany(decisions(25, 100 + k * 25))));
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 210 });
    });

    it('appends a draft as appendMany would, chained again when the log moved on after the draft began', async () => {
      const draft = await ctx.store.decisions.draft();
      draft.add(decisions(4, 100));
      assert.throws(() => draft.add([...decisions(1, 104), { id: 'x', event: 'record.save' }]), /decision #5: module is required; at is required; outcome is required/);
      draft.add(decisions(3, 104));
      assert.equal(draft.size, 7);
      await ctx.store.decisions.appendMany(decisions(2, 200));
      assert.deepEqual(await ctx.store.decisions.appendDraft(draft), { count: 7, lastSeq: 19, lastHash: (await ctx.store.decisions.get(decisions(1, 106)[0].id))?.hash });
      assert.equal((await ctx.store.decisions.get(decisions(1, 100)[0].id))?.seq, 13);
      const untouched = await ctx.store.decisions.draft();
      untouched.add(decisions(5, 300));
      assert.equal((await ctx.store.decisions.appendDraft(untouched)).lastSeq, 24);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 24 });
      const [stored] = await ctx.store.decisions.recentForPerson('Contacts', 'contact-1', 1);
      assert.deepEqual(stored?.input, decisions(1, 304)[0].input);
    });

    it('appends a draft that is still growing: rows so far at once, the rest with the effects once they are known', async () => {
      const draft = await ctx.store.decisions.draft();
      draft.add(decisions(3, 100));
      await ctx.store.decisions.appendMany(decisions(2, 200)); // the log moves on: the draft is chained again
      let effectsKnown = (): void => undefined;
      const effects = new Promise<Record<string, never>>((resolve) => { effectsKnown = () => resolve({}); });
      const appended = ctx.store.decisions.appendDraft(draft, effects);
      const waiting = ctx.store.decisions.appendMany(decisions(1, 300)); // waits for the draft's append
      await new Promise((resolve) => setTimeout(resolve, 50));
      draft.add(decisions(2, 103));
      assert.equal(await ctx.store.decisions.get(decisions(1, 300)[0].id), null, 'the other append waits');
      effectsKnown();
      assert.equal((await appended).count, 5);
      assert.equal((await waiting)[0]?.seq, 18);
      assert.deepEqual((await ctx.store.decisions.recentForPerson('Contacts', 'contact-1', 7)).map((d) => d.seq), [18, 17, 16, 15, 14, 13, 12]);
      assert.equal((await ctx.store.decisions.get(decisions(1, 104)[0].id))?.seq, 17);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 18 });
    });

    it('writes nothing of a growing draft whose effects fail, and the next append goes ahead', async () => {
      const draft = await ctx.store.decisions.draft();
      draft.add(decisions(3, 100));
      let fail = (_err: Error): void => undefined;
      const effects = new Promise<Record<string, never>>((_resolve, reject) => { fail = reject; });
      const appended = ctx.store.decisions.appendDraft(draft, effects);
      await new Promise((resolve) => setTimeout(resolve, 50));
      draft.add(decisions(1, 103));
      fail(new Error('deciding failed'));
      await assert.rejects(appended, /deciding failed/);
      assert.equal(await ctx.store.decisions.get(decisions(1, 100)[0].id), null);
      assert.equal((await ctx.store.decisions.appendMany(decisions(1, 400)))[0]?.seq, 11);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 11 });
    });

    it('shows only committed decisions to reads while a batch\'s append is still open, and no broken chain', async () => {
      const draft = await ctx.store.decisions.draft();
      draft.add(decisions(3, 100, 'contact-2'));
      let effectsKnown = (): void => undefined;
      const appended = ctx.store.decisions.appendDraft(draft, new Promise<Record<string, never>>((resolve) => { effectsKnown = () => resolve({}); }));
      await new Promise((resolve) => setTimeout(resolve, 50)); // the rows so far are inserted in the open transaction
      assert.equal(await ctx.store.decisions.get(decisions(1, 100)[0].id), null);
      assert.deepEqual(await ctx.store.decisions.recentForPerson('Contacts', 'contact-2', 5), []);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 10 });
      assert.equal((await ctx.store.reports.chainAnchor('2099-01-01T00:00:00.000Z'))?.seq, 10);
      effectsKnown();
      await appended;
      assert.equal((await ctx.store.decisions.get(decisions(1, 100)[0].id))?.seq, 11);
      assert.deepEqual((await ctx.store.decisions.recentForPerson('Contacts', 'contact-2', 5)).map((d) => d.seq), [13, 12, 11]);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 13 });
    });

    it('gives up a growing draft whose effects do not come in time: nothing written, the other appends go ahead', async () => {
      const draft = await ctx.store.decisions.draft({ waitMs: 200 });
      draft.add(decisions(3, 100));
      const appended = ctx.store.decisions.appendDraft(draft, new Promise<Record<string, never>>(() => undefined));
      const waiting = ctx.store.decisions.appendMany(decisions(1, 400));
      await assert.rejects(appended, /gave up waiting for the rest of its batch \(200 ms\); nothing of it was written/);
      assert.equal((await waiting)[0]?.seq, 11);
      assert.equal(await ctx.store.decisions.get(decisions(1, 100)[0].id), null);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 11 });
    });

    it('writes nothing of a batch that fails part-way (duplicate decision id in the last row)', async () => {
      const batch = [...decisions(600, 50), decisions(1, 2)[0]];
      await assert.rejects(ctx.store.decisions.appendMany(batch));
      assert.equal(await ctx.store.decisions.get(decisions(1, 50)[0].id), null);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 10 });
    });

    it('appends 10,000 decisions in one call (figure printed; the budget lives in the connector benchmark)', async () => {
      const started = process.hrtime.bigint();
      const stored = await ctx.store.decisions.appendMany(decisions(10_000, 1000));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(`      ${backend.name}: appendMany(10,000) in ${ms.toFixed(0)} ms = ${Math.round(10_000 / (ms / 1000))} decisions/s (connector budget ≥ 20,000/s incl. evaluation)`);
      assert.equal(stored.at(-1)?.seq, 10_010);
      // checking them lets the event loop turn between pages, so a server goes on answering meanwhile
      let turns = 0;
      let counting = true;
      const count = (): void => { if (counting) { turns += 1; setImmediate(count); } };
      setImmediate(count);
      assert.deepEqual(await ctx.store.decisions.verify(), { ok: true, checked: 10_010 });
      counting = false;
      assert.ok(turns >= 5, `${turns} turns of the event loop while verifying 6 pages`);
    });
  });
}

describe('sphere log verify on a database without Sphere tables', () => {
  it('exits non-zero and says to migrate first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sphere-nolog-'));
    try {
      const cli = logVerify({ type: 'sqlite', file: join(dir, 'empty.sqlite') });
      assert.equal(cli.status, 1);
      assert.match(cli.stderr, /no decision log .*run `sphere migrate up` first/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
