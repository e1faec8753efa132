import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BACKENDS, decisions } from './backends';
import { openStore, StoreConflictError, StoreValidationError } from '../../connector/src/store';

for (const backend of BACKENDS) {
  describe(`store API on ${backend.name}`, () => {
    let ctx: Awaited<ReturnType<typeof backend.fresh>>;
    before(async () => { ctx = await backend.fresh(); });
    after(async () => ctx?.dispose());

    it('adds, lists and withdraws consents (snake_case input, camelCase records); objections are rows with status objected', async () => {
      const given = await ctx.store.consents.add({
        person_module: 'Contacts', person_id: 'p1', purpose: 'newsletter', channel: 'email', method: 'double_opt_in', active_act: true,
        given_at: '2026-02-10T09:31:07Z', proof_ref: 'doi-4711', text_version: 'v3', language: 'de', source: 'website', recorded_by: 'sally',
      });
      await ctx.store.consents.add({ personModule: 'Contacts', personId: 'p1', purpose: 'profiling', channel: 'any', status: 'objected', givenAt: new Date('2026-03-01T00:00:00Z') });
      await ctx.store.consents.add({ personModule: 'Contacts', personId: 'someone-else', purpose: 'newsletter', channel: 'email' });
      const listed = await ctx.store.consents.list('Contacts', 'p1');
      assert.deepEqual(listed.map((c) => [c.purpose, c.status]), [['newsletter', 'given'], ['profiling', 'objected']]);
      assert.equal(listed[0].activeAct, true);
      assert.equal(listed[0].givenAt, '2026-02-10T09:31:07.000Z');
      assert.equal(listed[0].proofRef, 'doi-4711');
      const withdrawn = await ctx.store.consents.withdraw('Contacts', 'p1', given.id, '2026-04-01T12:00:00Z');
      assert.equal(withdrawn?.status, 'withdrawn');
      assert.equal((await ctx.store.consents.list('Contacts', 'p1'))[0].withdrawnAt, '2026-04-01T12:00:00.000Z');
      assert.equal(await ctx.store.consents.withdraw('Contacts', 'other', given.id, new Date()), null, 'another person\'s consent id');
    });

    it('withdraws only a given consent: a second withdrawal keeps its time, an objection is not withdrawn', async () => {
      const given = await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'w1', purpose: 'newsletter', channel: 'email', active_act: true });
      await ctx.store.consents.withdraw('Contacts', 'w1', given.id, '2026-04-01T12:00:00Z');
      await assert.rejects(ctx.store.consents.withdraw('Contacts', 'w1', given.id, '2026-05-01T12:00:00Z'),
        (err: unknown) => err instanceof StoreConflictError && err.code === 'already_withdrawn' && /already withdrawn at 2026-04-01T12:00:00.000Z/.test(err.message));
      const objection = await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'w1', purpose: 'profiling', channel: 'any', status: 'objected' });
      await assert.rejects(ctx.store.consents.withdraw('Contacts', 'w1', objection.id, new Date()),
        (err: unknown) => err instanceof StoreConflictError && err.code === 'objection_not_withdrawable');
      assert.deepEqual((await ctx.store.consents.list('Contacts', 'w1')).map((c) => [c.status, c.withdrawnAt]),
        [['withdrawn', '2026-04-01T12:00:00.000Z'], ['objected', null]]);

      // two withdrawals at once: one wins, the other is told the consent is already withdrawn
      const raced = await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'w2', purpose: 'newsletter', channel: 'email', active_act: true });
      const results = await Promise.allSettled(['2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z'].map((at) => ctx.store.consents.withdraw('Contacts', 'w2', raced.id, at)));
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      assert.equal(won.length, 1);
      assert.ok(lost[0] instanceof StoreConflictError && lost[0].code === 'already_withdrawn', String(lost[0]));
      assert.equal((await ctx.store.consents.list('Contacts', 'w2'))[0]?.withdrawnAt, won[0]?.withdrawnAt);
    });

    it('rejects contradictory consents and notices dated ahead; a withdrawal without time is dated now', async () => {
      const consent = { person_module: 'Contacts', person_id: 'v1', purpose: 'newsletter', channel: 'email' };
      await assert.rejects(ctx.store.consents.add({ ...consent, status: 'given', withdrawn_at: '2025-01-01T00:00:00Z' }), /withdrawnAt must be empty while status is given/);
      await assert.rejects(ctx.store.consents.add({ ...consent, withdrawn_at: '2025-01-01T00:00:00Z' }), /withdrawnAt must be empty/, 'status defaults to given');
      await assert.rejects(ctx.store.consents.add({ ...consent, given_at: '2026-05-01T00:00:00Z', expires_at: '2026-05-01T00:00:00Z' }), /expiresAt must be after givenAt/);
      await assert.rejects(ctx.store.provenance.add({ person_module: 'Contacts', person_id: 'v1', field: 'email1', source_type: 'purchased_list',
        informed_at: new Date(Date.now() + 3_600_000) }), /informedAt must not be in the future/);
      assert.deepEqual(await ctx.store.consents.list('Contacts', 'v1'), []);
      assert.deepEqual(await ctx.store.provenance.list('Contacts', 'v1'), []);

      const before = Date.now();
      const withdrawn = await ctx.store.consents.add({ ...consent, status: 'withdrawn' });
      assert.ok(withdrawn.withdrawnAt !== null && Date.parse(withdrawn.withdrawnAt) >= before);
      assert.equal((await ctx.store.consents.add({ ...consent, status: 'withdrawn', withdrawn_at: '2026-02-01T00:00:00Z' })).withdrawnAt, '2026-02-01T00:00:00.000Z');
      assert.equal((await ctx.store.provenance.add({ person_module: 'Contacts', person_id: 'v1', field: 'email1', source_type: 'purchased_list', informed_at: new Date() })).field, 'email1');
    });

    it('tells person ids apart by case (compared binary on both backends)', async () => {
      await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'case-a', purpose: 'newsletter', channel: 'email' });
      await ctx.store.provenance.add({ person_module: 'Contacts', person_id: 'case-a', field: 'email1', source_type: 'web_form' });
      assert.deepEqual(await ctx.store.consents.list('Contacts', 'CASE-A'), []);
      assert.deepEqual((await ctx.store.consents.listMany('Contacts', ['CASE-A'])).get('CASE-A'), []);
      assert.deepEqual(await ctx.store.provenance.list('Contacts', 'CASE-A'), []);
      assert.equal((await ctx.store.consents.list('Contacts', 'case-a')).length, 1);
    });

    it('rejects invalid consents and provenance naming every bad field, writing nothing', async () => {
      await assert.rejects(ctx.store.consents.add({ person_module: 'Leads', person_id: 'bad', channel: 'fax', method: 'telepathy', given_at: 'yesterday' }),
        (err: unknown) => err instanceof StoreValidationError && /purpose is required/.test(err.message) && /channel must be one of/.test(err.message)
          && /method must be one of/.test(err.message) && /givenAt is not a valid date/.test(err.message));
      await assert.rejects(ctx.store.provenance.add({ person_module: 'Leads', person_id: 'bad' }), /field is required; sourceType is required/);
      assert.deepEqual(await ctx.store.consents.list('Leads', 'bad'), []);
      assert.deepEqual(await ctx.store.provenance.list('Leads', 'bad'), []);
    });

    it('lists consents and provenance of many people at once, in stored order, with every id present', async () => {
      await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'm1', purpose: 'newsletter', channel: 'email', given_at: '2026-01-01T00:00:00Z' });
      await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'm2', purpose: 'surveys', channel: 'email' });
      await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'm1', purpose: 'offers', channel: 'phone' });
      await ctx.store.consents.add({ person_module: 'Leads', person_id: 'm1', purpose: 'other-module', channel: 'email' });
      await ctx.store.provenance.add({ person_module: 'Contacts', person_id: 'm2', field: 'email1', source_type: 'web_form' });
      const ids = ['m1', 'm2', 'nobody', ...Array.from({ length: 1200 }, (_, i) => `bulk-${i}`)];
      const consents = await ctx.store.consents.listMany('Contacts', ids);
      assert.equal(consents.size, ids.length);
      assert.deepEqual(consents.get('m1')?.map((c) => c.purpose), ['newsletter', 'offers']);
      assert.deepEqual(consents.get('m2')?.map((c) => c.purpose), ['surveys']);
      assert.deepEqual(consents.get('nobody'), []);
      assert.deepEqual(consents.get('m1'), await ctx.store.consents.list('Contacts', 'm1'));
      const provenance = await ctx.store.provenance.listMany('Contacts', ['m1', 'm2']);
      assert.deepEqual(provenance.get('m2')?.map((p) => p.field), ['email1']);
      assert.deepEqual(provenance.get('m1'), []);
    });

    it('lists rows recorded in the same millisecond in the order they were written', async () => {
      const at = '2026-03-01T09:00:00.000Z';
      const purposes = Array.from({ length: 20 }, (_, i) => `purpose-${String(i).padStart(2, '0')}`).reverse();
      for (const purpose of purposes) await ctx.store.consents.add({ person_module: 'Contacts', person_id: 'same-ms', purpose, channel: 'email', created_at: at });
      for (const purpose of purposes) await ctx.store.provenance.add({ person_module: 'Contacts', person_id: 'same-ms', field: purpose, source_type: 'web_form', created_at: at });
      assert.deepEqual((await ctx.store.consents.list('Contacts', 'same-ms')).map((c) => c.purpose), purposes);
      assert.deepEqual((await ctx.store.provenance.list('Contacts', 'same-ms')).map((p) => p.field), purposes);
      assert.deepEqual((await ctx.store.consents.listMany('Contacts', ['same-ms'])).get('same-ms')?.map((c) => c.purpose), purposes);
    });

    it('records the provenance of many people in one transaction, and none of a call with an invalid record', async () => {
      const records = Array.from({ length: 1200 }, (_, i) => ({ person_module: 'Contacts', person_id: `bulk-${i % 3}`, field: `f${i}`, source_type: 'trade_fair_card' }));
      assert.equal((await ctx.store.provenance.addMany(records)).length, 1200);
      assert.equal((await ctx.store.provenance.list('Contacts', 'bulk-0')).length, 400);
      await assert.rejects(ctx.store.provenance.addMany([{ person_module: 'Leads', person_id: 'bulk-x', field: 'email1', source_type: 'web_form' },
        { person_module: 'Leads', person_id: 'bulk-x', field: 'email2' }]), /invalid provenance #1: sourceType is required/);
      assert.deepEqual(await ctx.store.provenance.list('Leads', 'bulk-x'), []);
    });

    it('records provenance per field', async () => {
      await ctx.store.provenance.add({ person_module: 'Leads', person_id: 'l1', field: 'email1', source_type: 'purchased_list', source_ref: 'broker Q3',
        method: 'import', collected_at: '2026-03-05T07:45:00Z', legal_basis: 'GDPR Art. 6(1)(f)', purpose: 'sales' });
      const [p] = await ctx.store.provenance.list('Leads', 'l1');
      assert.equal(p.sourceType, 'purchased_list');
      assert.equal(p.collectedAt, '2026-03-05T07:45:00.000Z');
      assert.equal(p.informedAt, null);
      assert.equal(p.objectionNoticeAt, null);
      await ctx.store.provenance.add({ person_module: 'Leads', person_id: 'l1', field: 'email2', source_type: 'sale', source_ref: 'order 4711',
        collected_at: '2026-03-06T10:00:00Z', objection_notice_at: '2026-03-06T10:00:00Z' });
      const sale = (await ctx.store.provenance.list('Leads', 'l1')).find((r) => r.field === 'email2');
      assert.equal(sale?.objectionNoticeAt, '2026-03-06T10:00:00.000Z');
    });

    it('keeps the fingerprint of the value a provenance describes, never the value (addresses as SuiteCRM compares them)', async () => {
      await ctx.store.provenance.add({ person_module: 'Leads', person_id: 'l9', field: 'email1', source_type: 'sale', value: ' Kim.Buyer@Example.org ' });
      await ctx.store.provenance.add({ person_module: 'Leads', person_id: 'l9', field: 'last_name', source_type: 'sale', value: 'Buyer ' });
      await ctx.store.provenance.add({ person_module: 'Leads', person_id: 'l9', field: 'title', source_type: 'sale' });
      const rows = await ctx.store.provenance.list('Leads', 'l9');
      const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
      // rows recorded in the same millisecond list in id order: compare them by field
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.field, r.valueHash])), { email1: sha('kim.buyer@example.org'), last_name: sha('Buyer'), title: null });
      assert.ok(rows.every((r) => !JSON.stringify(r).includes('Kim') && !JSON.stringify(r).includes('"Buyer')));
    });

    it('appends decisions and finds them by id and by person, newest first', async () => {
      const [stored] = await ctx.store.decisions.appendMany([{ decisionId: 'd0000000-0000-4000-8000-000000000001', createdAt: new Date('2026-04-01T08:00:00Z'),
        event: 'mailing.send', module: 'Leads', recordId: 'l1', outcome: 'deny', rules: ['consent.missing'], revision: 'r1', input: { a: 1 }, decision: { outcome: 'deny' }, actorId: '1' }]);
      await ctx.store.decisions.appendMany([{ id: 'd0000000-0000-4000-8000-000000000002', at: '2026-04-01T08:01:00Z', event: 'record.save', module: 'Leads',
        recordId: 'l1', personModule: 'Leads', personId: 'l1', outcome: 'allow', rules: [], revision: 'r1', input: {}, decision: { outcome: 'allow' }, actorId: '1' }]);
      assert.equal(stored.personId, 'l1', 'person defaults to module/recordId');
      const fetched = await ctx.store.decisions.get('d0000000-0000-4000-8000-000000000001');
      assert.deepEqual(fetched?.input, { a: 1 });
      assert.deepEqual(fetched?.rules, ['consent.missing']);
      assert.equal(fetched?.hash, stored.hash);
      const recent = await ctx.store.decisions.recentForPerson('Leads', 'l1', 5);
      assert.deepEqual(recent.map((d) => d.outcome), ['allow', 'deny']);
      assert.equal(await ctx.store.decisions.get('no-such-id'), null);
      await assert.rejects(ctx.store.decisions.appendMany([{ id: 'x', event: 'record.save' }]), /decision #0: module is required; at is required; outcome is required/);
    });

    it('marks the consents logged decisions relied on as used in the log\'s transaction, never moving a use back', async () => {
      const add = (id: string) => ctx.store.consents.add({ person_module: 'Contacts', person_id: id, purpose: 'newsletter', channel: 'email', active_act: true });
      const [a, b, c] = [await add('u1'), await add('u2'), await add('u3')];
      const entry = (n: number, at: string) => ({ id: `d0000000-0000-4000-8000-0000000001${n}`, at, event: 'mailing.send', module: 'Contacts', recordId: 'u1',
        outcome: 'allow', rules: [], revision: 'r1', input: {}, decision: { outcome: 'allow' } });
      await ctx.store.decisions.append([entry(1, '2026-05-01T10:00:00Z'), entry(2, '2026-05-01T10:00:01Z')],
        { consentsUsed: [{ ids: [a.id, c.id], at: '2026-05-01T10:00:00.000Z' }, { ids: [a.id, b.id], at: '2026-05-01T10:00:01.000Z' }] });
      const used = async (id: string) => (await ctx.store.consents.list('Contacts', id))[0]?.lastUsedAt;
      assert.equal(await used('u1'), '2026-05-01T10:00:01.000Z');
      assert.equal(await used('u2'), '2026-05-01T10:00:01.000Z');
      assert.equal(await used('u3'), '2026-05-01T10:00:00.000Z', 'each consent its own last use');
      await ctx.store.decisions.append([entry(3, '2026-04-01T10:00:00Z')], { consentsUsed: [{ ids: [a.id], at: '2026-04-01T10:00:00.000Z' }] });
      assert.equal(await used('u1'), '2026-05-01T10:00:01.000Z', 'an older use does not move the last use back');
      // the log refuses the row in the transaction (its decision id is taken): the consent's use is not recorded either
      await assert.rejects(ctx.store.decisions.append([entry(1, '2026-06-01T10:00:00Z')], { consentsUsed: [{ ids: [b.id], at: '2026-06-01T10:00:00.000Z' }] }));
      assert.equal(await used('u2'), '2026-05-01T10:00:01.000Z', 'a failed append marks nothing');
    });

    it('opens the approval requests of logged decisions in the log\'s transaction, and none when the append fails', async () => {
      const decision = { id: 'd0000000-0000-4000-8000-000000000201', at: '2026-05-02T10:00:00Z', event: 'record.export', module: 'Contacts', recordId: 'e1',
        outcome: 'approval', rules: [], revision: 'r1', input: {}, decision: { outcome: 'approval' } };
      const request = (id: string) => ({ id, digest: id.replace(/-/g, '').padEnd(64, '0'), decisionId: decision.id, event: 'record.export', role: 'dpo',
        reason: { de: 'Export', en: 'Export' } });
      await ctx.store.decisions.append([decision], { approvals: [request('a0000000-0000-4000-8000-000000000001')] });
      assert.equal((await ctx.store.approvals.get('a0000000-0000-4000-8000-000000000001'))?.decisionId, decision.id);
      // The same decision id again: the log refuses the row, so the request it would open is not stored either.
      await assert.rejects(ctx.store.decisions.append([decision], { approvals: [request('a0000000-0000-4000-8000-000000000002')] }));
      assert.equal(await ctx.store.approvals.get('a0000000-0000-4000-8000-000000000002'), null);
      await ctx.store.approvals.decide('a0000000-0000-4000-8000-000000000001', { approve: false, by: 'dpo' });
    });

    it('creates, lists and decides approvals once; finds approved and pending ones by digest', async () => {
      const req = await ctx.store.approvals.create({ digest: 'a'.repeat(64), decisionId: 'd1', event: 'record.export', module: 'Contacts', recordId: 'c1',
        action: { event: 'record.export' }, role: 'dpo', reason: { de: 'Export in Drittland', en: 'Export to a third country' }, requestedBy: 'sally' });
      assert.equal(req.status, 'pending');
      assert.deepEqual((await ctx.store.approvals.list('pending')).map((a) => a.id), [req.id]);
      assert.equal(await ctx.store.approvals.findByDigest('a'.repeat(64), 'approved'), null);
      assert.equal((await ctx.store.approvals.findByDigest('a'.repeat(64), 'pending'))?.id, req.id);
      const decided = await ctx.store.approvals.decide(req.id, { approve: true, by: 'dpo', comment: 'SCC in place' });
      assert.equal(decided?.status, 'approved');
      assert.deepEqual(decided?.reason, { de: 'Export in Drittland', en: 'Export to a third country' });
      assert.equal((await ctx.store.approvals.findByDigest('a'.repeat(64), 'approved'))?.id, req.id);
      assert.equal(await ctx.store.approvals.findByDigest('a'.repeat(64), 'pending'), null);
      assert.deepEqual(await ctx.store.approvals.list({ status: 'pending' }), []);
      await assert.rejects(ctx.store.approvals.decide(req.id, { status: 'rejected', decidedBy: 'dpo' }), /already approved/);
      assert.equal(await ctx.store.approvals.decide('missing', { approve: false }), null);
      await ctx.store.approvals.create({ digest: 'a'.repeat(64), role: 'dpo', reason: null });
      assert.equal(await ctx.store.approvals.countDecided('a'.repeat(64)), 1, 'the pending one does not count');
      assert.equal(await ctx.store.approvals.countDecided('b'.repeat(64)), 0);
    });

    it('stores policy revisions with their bundles and switches the active one', async () => {
      assert.equal(await ctx.store.policyRevisions.active(), null);
      const bundle = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 256));
      await ctx.store.policyRevisions.add({ revision: 'r1', sha256: 'f'.repeat(64), source: Buffer.from('tar'), bundle, author: 'dpo', createdAt: '2026-04-01T00:00:00Z' });
      await ctx.store.policyRevisions.add({ revision: 'r2', sha256: 'e'.repeat(64), source: null, bundle: Buffer.from('b2'), author: 'dpo', createdAt: '2026-04-02T00:00:00Z' });
      await ctx.store.policyRevisions.activate('r1');
      assert.ok((await ctx.store.policyRevisions.active())?.bundle.equals(bundle));
      await ctx.store.policyRevisions.activate('r2');
      assert.equal((await ctx.store.policyRevisions.active())?.revision, 'r2');
      assert.deepEqual((await ctx.store.policyRevisions.list()).map((r) => [r.revision, r.active]), [['r1', false], ['r2', true]]);
      await assert.rejects(ctx.store.policyRevisions.activate('r9'), /r9 does not exist/);
      await assert.rejects(ctx.store.policyRevisions.add({ revision: 'r1', sha256: 'x', source: null, bundle, author: 'x', createdAt: new Date() }), /already exists/);
      assert.equal((await ctx.store.policyRevisions.active())?.revision, 'r2');
    });

    it('writes started at the same moment each succeed or fail on their own: a refused publish, log appends, a provenance import, a consent', async () => {
      await ctx.store.policyRevisions.add({ revision: 'taken', sha256: 'd'.repeat(64), source: null, bundle: Buffer.from('b'), author: 'dpo', createdAt: new Date() });
      const verifiedBefore = (await ctx.store.decisions.verify()).checked;
      const rounds = 20;
      for (let round = 0; round < rounds; round += 1) {
        const [publish, ...rest] = await Promise.allSettled([
          ctx.store.policyRevisions.add({ revision: 'taken', sha256: 'd'.repeat(64), source: null, bundle: Buffer.from('b'), author: 'dpo', createdAt: new Date() }),
          ctx.store.decisions.append(decisions(2, 1000 + round * 2, 'together-1')),
          ctx.store.provenance.addMany([{ person_module: 'Contacts', person_id: 'together-1', field: 'email1', source_type: 'web_form' }]),
          ctx.store.consents.add({ person_module: 'Contacts', person_id: 'together-1', purpose: `p${round}`, channel: 'email', active_act: true }),
        ]);
        assert.equal(publish?.status, 'rejected');
        // on SQLite, one connection: before the writes queued, these failed with "cannot start a transaction within a transaction"
        for (const r of rest) assert.equal(r.status, 'fulfilled', r.status === 'rejected' ? String(r.reason) : '');
      }
      const chain = await ctx.store.decisions.verify();
      assert.equal(chain.ok, true);
      assert.equal(chain.checked - verifiedBefore, rounds * 2);
      assert.equal((await ctx.store.provenance.list('Contacts', 'together-1')).length, rounds);
      assert.equal((await ctx.store.consents.list('Contacts', 'together-1')).length, rounds);
    });

    it('pings', async () => {
      await ctx.store.ping();
    });
  });
}

describe('SQLite page size', () => {
  it('is 8 KB for a new database file and stays what it was for an existing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sphere-pages-'));
    const pageSize = (file: string): unknown => {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma('page_size', { simple: true });
      } finally {
        db.close();
      }
    };
    try {
      const fresh = await openStore({ type: 'sqlite', file: join(dir, 'new.sqlite') }, { migrate: true });
      await fresh.close();
      assert.equal(pageSize(join(dir, 'new.sqlite')), 8192);
      const old = new Database(join(dir, 'old.sqlite'));
      old.exec('CREATE TABLE kept (x)');
      old.close();
      const existing = await openStore({ type: 'sqlite', file: join(dir, 'old.sqlite') }, { migrate: true });
      await existing.consents.add({ person_module: 'Contacts', person_id: 'p', purpose: 'newsletter', channel: 'email', method: 'web_form' });
      await existing.close();
      assert.equal(pageSize(join(dir, 'old.sqlite')), 4096);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openStore configuration errors', () => {
  it('names the accepted database forms and hides credentials', async () => {
    await assert.rejects(openStore({ type: 'mariadb', url: 'postgres://admin:s3cret@127.0.0.1/crm' }),
      (err: Error) => /use sqlite:<file> or mysql:\/\/user:password@host:port\/database/.test(err.message) && !err.message.includes('s3cret'));
    await assert.rejects(openStore({ type: 'sqlite', file: '' }), /needs a file name/);
  });
});
