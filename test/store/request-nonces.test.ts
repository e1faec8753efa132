// Replay protection that survives a restart and holds across connector instances: nonces claimed in
// sphere_request_nonces (SQLite and real MariaDB), through the real express app and on the store itself.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { openStore, type SphereStore } from '../../connector/src/store';
import { openDataSource } from '../../connector/src/store/datasource';
import { migrateDown, migrateUp } from '../../connector/src/store/migrator';
import { ReplayGuard } from '../../connector/src/security/replay-guard';
import { signature, signRequest, type SignedHeaders } from '../../connector/src/security/hmac';
import { launchMariaDb, type MariaDb } from '../support/mariadb';
import { startApp, type InProcessApp } from '../support/in-process-app';
import { BACKENDS } from './backends';

const PATH = '/v1/persons/Contacts/c-1/consents';
const nonce = (): string => randomBytes(16).toString('hex');
const UNCHECKED = { outcome: 'unchecked', error: 'the privacy check could not be completed (storage unavailable)' };
const REPLAYED = { error: 'unauthorized', reason_code: 'replayed_nonce', reason: 'nonce already used (replayed request)' };

for (const backend of BACKENDS) {
  describe(`request nonces on ${backend.name}`, function () {
    this.timeout(120_000);
    let ctx: Awaited<ReturnType<typeof backend.fresh>>;
    let counter: DataSource | null = null;
    const apps: InProcessApp[] = [];
    const extraStores: SphereStore[] = [];
    const start = async (store: SphereStore, options: Parameters<typeof startApp>[1] = {}): Promise<InProcessApp> => {
      const app = await startApp(store, options);
      apps.push(app);
      return app;
    };
    /** Another store on the same database: a restarted connector, or a second instance. */
    const reopen = async (): Promise<SphereStore> => {
      const store = await openStore(ctx.config);
      extraStores.push(store);
      return store;
    };
    /** The stored nonces, read over a connection of their own. */
    const stored = async (): Promise<string[]> => {
      counter ??= await openDataSource(ctx.config);
      return (await counter.query('SELECT nonce FROM sphere_request_nonces ORDER BY nonce') as Array<{ nonce: string }>).map((r) => r.nonce);
    };

    beforeEach(async () => { ctx = await backend.fresh(); });
    afterEach(async () => {
      for (const app of apps.splice(0)) await app.close();
      for (const store of extraStores.splice(0)) await store.close().catch(() => undefined);
      await counter?.destroy();
      counter = null;
      await ctx.dispose();
    });

    it('claims a nonce once: the store tells fresh from known, also within one call and for mixed calls', async () => {
      const [a, b, c] = [nonce(), nonce(), nonce()];
      const signed = Math.floor(Date.now() / 1000);
      assert.deepEqual(await ctx.store.requestNonces.claim([{ nonce: a, issuedAt: signed }, { nonce: b, issuedAt: signed }]), { fresh: [true, true], swept: 0 });
      assert.deepEqual((await ctx.store.requestNonces.claim([{ nonce: c, issuedAt: signed }, { nonce: a, issuedAt: signed }, { nonce: b, issuedAt: signed }])).fresh, [true, false, false]);
      assert.deepEqual((await ctx.store.requestNonces.claim([{ nonce: c, issuedAt: signed }])).fresh, [false]);
      // hex in another case is another nonce (the signature covers it as sent): binary comparison, as on SQLite
      assert.deepEqual((await ctx.store.requestNonces.claim([{ nonce: a.toUpperCase(), issuedAt: signed }])).fresh, [true]);
      assert.deepEqual(await stored(), [a, b, c, a.toUpperCase()].sort());
    });

    it('a request replayed after a restart (new app on the same database) answers 401; a fresh nonce passes', async () => {
      const first = await start(ctx.store);
      const original = await first.request('GET', PATH);
      assert.equal(original.status, 200, original.text);
      assert.deepEqual(await first.send('GET', PATH, original.headers), { status: 401, json: REPLAYED, text: JSON.stringify(REPLAYED) });
      await first.close();
      apps.splice(0);

      // restart: a new store and a new app (nothing in memory) on the same database, with the same secret
      await ctx.store.close();
      const restarted = await start(await reopen(), { secret: first.secret });
      const replay = await restarted.send('GET', PATH, original.headers);
      assert.equal(replay.status, 401, replay.text);
      assert.deepEqual(replay.json, REPLAYED);
      assert.ok(restarted.logs.some((l) => l.msg === 'rejected unauthenticated request' && l.reason === REPLAYED.reason));
      const fresh = await restarted.request('GET', PATH);
      assert.equal(fresh.status, 200, fresh.text);
      assert.deepEqual(fresh.json, { consents: [] });
    });

    it('two connector instances on one database refuse each other\'s replays, also when both get it at the same time', async () => {
      const one = await start(ctx.store);
      const two = await start(await reopen(), { secret: one.secret });
      const toOne = await one.request('GET', PATH);
      assert.equal(toOne.status, 200, toOne.text);
      assert.deepEqual((await two.send('GET', PATH, toOne.headers)).json, REPLAYED);
      // an objection: recorded without a policy check (these apps serve no policy)
      const consent = { purpose: 'newsletter', channel: 'email', method: 'written', status: 'objected' };
      const toTwo = await two.request('POST', PATH, consent);
      assert.equal(toTwo.status, 201, toTwo.text);
      assert.equal((await one.send('POST', PATH, toTwo.headers, consent)).status, 401);
      assert.equal((await ctx.store.consents.list('Contacts', 'c-1')).length, 1, 'the replayed objection was not stored twice');

      // the same signed requests sent to both instances at once: exactly one of each pair is handled
      const pairs = Array.from({ length: 20 }, () => signRequest(one.secret, 'GET', PATH, Buffer.alloc(0)));
      const answers = await Promise.all(pairs.flatMap((h) => [one.send('GET', PATH, h), two.send('GET', PATH, h)]));
      for (let i = 0; i < pairs.length; i += 1) {
        assert.deepEqual([answers[2 * i].status, answers[2 * i + 1].status].sort(), [200, 401], `pair ${i}: ${answers[2 * i].text} / ${answers[2 * i + 1].text}`);
      }

      // A nonce is single use per signed timestamp, as the table keys it: a request signed anew at another second with
      // the same nonce (which needs the secret) is a new request for the instance that saw the first one, as for the other.
      const first = signRequest(one.secret, 'GET', PATH, Buffer.alloc(0));
      assert.equal((await one.send('GET', PATH, first)).status, 200);
      const nonce = first['X-Sphere-Nonce'];
      const resigned = (at: number): SignedHeaders => ({ ...first, 'X-Sphere-Timestamp': String(at), 'X-Sphere-Signature': signature(one.secret, 'GET', PATH, String(at), nonce, Buffer.alloc(0)) });
      const at = Number(first['X-Sphere-Timestamp']);
      assert.equal((await one.send('GET', PATH, resigned(at - 1))).status, 200);
      assert.equal((await two.send('GET', PATH, resigned(at - 2))).status, 200);
      assert.equal((await one.send('GET', PATH, resigned(at - 2))).status, 401);
      assert.equal((await two.send('GET', PATH, resigned(at - 1))).status, 401);
    });

    it('a request refused for its signature does not use up its nonce', async () => {
      const app = await start(ctx.store);
      const headers = signRequest(app.secret, 'GET', PATH, Buffer.alloc(0));
      assert.equal((await app.send('GET', PATH, { ...headers, 'X-Sphere-Signature': `v1=${'0'.repeat(64)}` })).status, 401);
      assert.deepEqual(await stored(), []);
      assert.equal((await app.send('GET', PATH, headers)).status, 200);
      assert.deepEqual(await stored(), [headers['X-Sphere-Nonce']]);
    });

    it('claims of concurrent requests are stored, each request answered; their replays are refused', async () => {
      const app = await start(ctx.store);
      const answers = await Promise.all(Array.from({ length: 64 }, () => app.request('GET', PATH)));
      assert.deepEqual([...new Set(answers.map((a) => a.status))], [200]);
      assert.deepEqual(await stored(), answers.map((a) => a.headers['X-Sphere-Nonce']).sort());
      const replays = await Promise.all(answers.slice(0, 8).map((a) => app.send('GET', PATH, a.headers)));
      assert.deepEqual([...new Set(replays.map((a) => a.status))], [401]);
    });

    it('sweeps expired nonces now and then (bounded per sweep), keeping those inside the window and its grace', async () => {
      const t0 = Math.floor(Date.now() / 1000);
      let now = t0;
      const guard = new ReplayGuard(ctx.store.requestNonces, { now: () => now, windowSeconds: 300, sweepEverySeconds: 30, sweepGraceSeconds: 60, sweepLimit: 3 });
      // five that left the window long ago (left by a connector that was down), one that left it within the grace period
      const old = Array.from({ length: 5 }, (_, i) => ({ nonce: `a${i}`.repeat(8), issuedAt: t0 - 1300 + i }));
      const recent = { nonce: 'b0'.repeat(8), issuedAt: t0 - 330 };
      await ctx.store.requestNonces.claim([...old, recent]);
      const [n1, n2, n3, n4] = ['c1', 'c2', 'c3', 'c4'].map((p) => p.repeat(8));

      assert.equal(await guard.claim(n1, t0), true); // the first claim after a start sweeps, at most 3 rows
      assert.deepEqual(await stored(), [old[3].nonce, old[4].nonce, recent.nonce, n1].sort());
      assert.equal(await guard.claim(n2, t0), true); // the limit was reached: the next claim sweeps the rest
      assert.deepEqual(await stored(), [recent.nonce, n1, n2].sort());
      assert.equal(await guard.claim(n3, t0), true); // nothing more to sweep until 30 s later
      now = t0 + 29;
      assert.equal(await guard.claim(n4, t0), true);
      assert.deepEqual(await stored(), [recent.nonce, n1, n2, n3, n4].sort());
      now = t0 + 31; // recent left the window 61 s ago: past the grace period
      const n5 = 'c5'.repeat(8);
      assert.equal(await guard.claim(n5, t0 + 31), true);
      assert.deepEqual(await stored(), [n1, n2, n3, n4, n5]);
      // still inside their window: refused, from the database as from memory
      assert.equal(await guard.claim(n1, t0), false);
      assert.deepEqual((await ctx.store.requestNonces.claim([{ nonce: n2, issuedAt: t0 }])).fresh, [false]);
    });

    if (backend.name === 'sqlite') {
      it('database unavailable (locked by another process): 503 unchecked, never passed; the same request passes once it is back', async () => {
        if (ctx.config.type !== 'sqlite') return;
        const app = await start(ctx.store);
        const headers = signRequest(app.secret, 'GET', PATH, Buffer.alloc(0));
        const blocker = new Database(ctx.config.file);
        blocker.exec('BEGIN EXCLUSIVE');
        let res;
        try {
          res = await app.send('GET', PATH, headers);
        } finally {
          blocker.exec('ROLLBACK');
          blocker.close();
        }
        assert.equal(res.status, 503, res.text);
        assert.deepEqual(res.json, UNCHECKED);
        assert.equal((await app.metrics.unchecked.get()).values[0]?.value, 1);
        assert.equal(app.logs.find((l) => l.msg === 'storage unavailable; answered unchecked')?.err?.code, 'SQLITE_BUSY');
        // not handled, so not used: the same signed request passes now, once
        assert.equal((await app.send('GET', PATH, headers)).status, 200);
        assert.equal((await app.send('GET', PATH, headers)).status, 401);
      });

      it('a claim never joins another transaction on the shared connection, so its rollback cannot undo the claim', async () => {
        const issuedAt = Math.floor(Date.now() / 1000);
        const row = { person_module: 'Contacts', person_id: 'x', field: 'email1', source_type: 'web_form' };
        const claimed: string[] = [];
        for (let i = 0; i < 600; i += 1) {
          const n = i.toString(16).padStart(32, '0');
          // a call that opens a transaction on the same connection and rolls it back (duplicate id), racing the claim
          const failing = ctx.store.provenance.addMany([row, { ...row, id: 'dup' }, { ...row, id: 'dup' }]).catch(() => undefined);
          const claim = (async () => {
            for (let k = 0; k < i % 40; k += 1) await null;
            if ((await ctx.store.requestNonces.claim([{ nonce: n, issuedAt }])).fresh[0]) claimed.push(n);
          })();
          await Promise.all([failing, claim]);
        }
        assert.equal(claimed.length, 600);
        assert.deepEqual(await stored(), claimed.sort(), 'every nonce answered fresh is stored');
      });

      it('a closed database answers 503 unchecked', async () => {
        const app = await start(ctx.store);
        await ctx.store.close();
        const res = await app.request('GET', PATH);
        assert.equal(res.status, 503, res.text);
        assert.deepEqual(res.json, UNCHECKED);
      });
    }
  });
}

describe('request nonces when the MariaDB server goes away', function () {
  this.timeout(120_000);
  let maria: MariaDb;
  let store: SphereStore;
  let app: InProcessApp;
  before(async () => {
    maria = await launchMariaDb();
    store = await openStore({ type: 'mariadb', url: await maria.createDatabase('nonces_down') }, { migrate: true });
    app = await startApp(store);
  });
  after(async () => {
    await app?.close();
    await store?.close().catch(() => undefined);
    await maria?.stop();
  });

  it('answers 503 unchecked (never passes unchecked) and counts it', async () => {
    assert.equal((await app.request('GET', PATH)).status, 200);
    await maria.stop();
    const res = await app.request('GET', PATH);
    assert.equal(res.status, 503, res.text);
    assert.deepEqual(res.json, UNCHECKED);
    assert.equal((await app.metrics.unchecked.get()).values[0]?.value, 1);
    const logged = app.logs.find((l) => l.msg === 'storage unavailable; answered unchecked');
    assert.match(String(logged?.err?.code), /ECONNREFUSED|PROTOCOL_CONNECTION_LOST|ECONNRESET/);
  });
});

describe('migration RequestNonces on SQLite', () => {
  it('creates sphere_request_nonces (WITHOUT ROWID, keyed by signed timestamp and nonce); down drops it; up again recreates it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sphere-nonces-'));
    const file = join(dir, 'sphere.sqlite');
    const ds = await openDataSource({ type: 'sqlite', file });
    const objects = async (): Promise<string[]> => (await ds.query("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'sphere_request_nonces' ORDER BY name") as Array<{ name: string; sql: string | null }>)
      .map((o) => `${o.name}${o.sql?.includes('WITHOUT ROWID') ? ' (without rowid)' : ''}`);
    try {
      await migrateUp(ds);
      assert.deepEqual(await objects(), ['sphere_request_nonces (without rowid)']);
      const key = (await ds.query('PRAGMA table_info(sphere_request_nonces)') as Array<{ name: string; pk: number }>).filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      assert.deepEqual(key.map((c) => c.name), ['issued_at', 'nonce']);
      assert.equal(await migrateDown(ds, false), 1); // the newer ProvenanceValueFingerprint
      assert.equal(await migrateDown(ds, false), 1); // ReportRuns
      assert.equal(await migrateDown(ds, false), 1); // ProvenanceObjectionNotice
      assert.equal(await migrateDown(ds, false), 1); // and ConsentParentalConsent
      assert.equal(await migrateDown(ds, false), 1);
      assert.deepEqual(await objects(), []);
      assert.deepEqual(await migrateUp(ds), ['RequestNonces1732300000005', 'ConsentParentalConsent1732300000006', 'ProvenanceObjectionNotice1732300000007', 'ReportRuns1732300000008',
        'ProvenanceValueFingerprint1732300000009']);
      assert.deepEqual(await objects(), ['sphere_request_nonces (without rowid)']);
    } finally {
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
