// The decision log over HTTP: one logged decision by its id, and the hash chain checked — intact, then tampered with
// in the database file behind the running connector's back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { METHODS } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse as parseYaml } from 'yaml';
import { openStore } from '../../connector/src/store';
import type { RunningConnector } from '../support/connector';
import { startApp } from '../support/in-process-app';
import { connectorWithMarkerPolicy } from './fixtures/marker-policy';

const save = (lastName: string): Record<string, unknown> => ({
  event: 'record.save', module: 'Contacts', record_id: 'c-7', record: { last_name: lastName, email1: 'anna@example.de' },
  changes: { email1: { before: null, after: 'anna@example.de' } }, actor: { user_id: '3', user_name: 'jdoe', roles: ['sales'] }, channel: 'ui',
});

describe('decision log over HTTP (real server, SQLite file)', function () {
  this.timeout(60_000);
  let c: RunningConnector;

  before(async () => { c = await connectorWithMarkerPolicy('rev-log'); });
  after(async () => { await c?.stop(); });

  it('answers a logged decision by its id: as answered, input redacted, revision and place in the chain', async () => {
    const first = await c.request('POST', '/v1/decisions', save('Muster'));
    const denied = await c.request('POST', '/v1/decisions', save('DENY'));
    assert.equal(denied.json.outcome, 'deny');

    const logged = await c.request('GET', `/v1/log/decisions/${denied.json.decision_id}`);
    assert.equal(logged.status, 200, logged.text);
    const d = logged.json;
    assert.equal(d.id, denied.json.decision_id);
    assert.equal(d.revision, 'rev-log');
    assert.equal(d.outcome, 'deny');
    assert.deepEqual(d.rules, ['test.marker_deny']);
    assert.equal(d.at, denied.json.evaluated_at);
    assert.deepEqual([d.event, d.module, d.recordId, d.personModule, d.personId, d.actorId], ['record.save', 'Contacts', 'c-7', 'Contacts', 'c-7', '3']);
    assert.deepEqual(d.decision.violations, denied.json.violations, 'the findings as answered');
    assert.equal(d.decision.dry_run, false);
    assert.equal(d.input.record.last_name, '[redacted]');
    assert.doesNotMatch(JSON.stringify(d.input), /anna@example\.de|DENY/);
    assert.match(d.hash, /^[0-9a-f]{64}$/);
    const previous = await c.request('GET', `/v1/log/decisions/${first.json.decision_id}`);
    assert.equal(d.seq, previous.json.seq + 1);
    assert.equal(d.prevHash, previous.json.hash, 'chained to the decision logged before it');
  });

  it('answers 404 for an id that is not logged (also an overlong one) and 401 unsigned', async () => {
    const unknown = await c.request('GET', '/v1/log/decisions/01900000-0000-7000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { error: 'not_found', message: 'decision "01900000-0000-7000-8000-000000000000" not found' });
    const overlong = await c.request('GET', `/v1/log/decisions/${'x'.repeat(300)}`);
    assert.equal(overlong.status, 404);
    assert.equal(overlong.json.message, `decision "${'x'.repeat(36)}" not found`);
    assert.equal((await fetch(`${c.url}/v1/log/decisions/anything`)).status, 401);
    assert.equal((await fetch(`${c.url}/v1/log/verify`)).status, 401);
  });

  it('verifies the chain, and names the first row edited in the database', async () => {
    const intact = await c.request('GET', '/v1/log/verify');
    assert.equal(intact.status, 200);
    assert.equal(intact.json.ok, true);
    const db = new Database(c.dbFile);
    try {
      const rows = (db.prepare('SELECT COUNT(*) AS n FROM sphere_decisions').get() as { n: number }).n;
      assert.ok(rows >= 2);
      assert.deepEqual(intact.json, { ok: true, checked: rows });
      const edited = db.prepare("SELECT seq, id FROM sphere_decisions WHERE outcome = 'deny' ORDER BY seq LIMIT 1").get() as { seq: number; id: string };
      db.prepare("UPDATE sphere_decisions SET outcome = 'allow' WHERE seq = ?").run(edited.seq);
      const broken = await c.request('GET', '/v1/log/verify');
      assert.equal(broken.status, 200, 'a broken chain is an answer, not an error');
      assert.deepEqual(broken.json, { ok: false, checked: edited.seq - 1, firstBroken: { seq: edited.seq, id: edited.id, reason: "hash does not match the row's content (row was edited)" } });
    } finally {
      db.close();
    }
  });
});

describe('OpenAPI document', () => {
  it('describes every route the connector serves', async () => {
    const doc = parseYaml(readFileSync(join(__dirname, '..', '..', 'connector', 'src', 'api', 'openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const dir = mkdtempSync(join(tmpdir(), 'sphere-routes-'));
    const store = await openStore({ type: 'sqlite', file: join(dir, 'sphere.sqlite') });
    const running = await startApp(store);
    await running.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    const served: string[] = [];
    for (const layer of (running.app as unknown as { router: { stack: Array<{ route?: { path: string; stack: Array<{ method: string }> } }> } }).router.stack) {
      // the 405 answers (a known path asked with another method) are routes for every method there is
      if (!layer.route || layer.route.stack.length >= METHODS.length) continue;
      const path = layer.route.path.replace(/:(\w+)/g, '{$1}');
      for (const { method } of layer.route.stack) if (method !== '_all') served.push(`${method} ${path}`);
    }
    assert.ok(served.includes('get /v1/log/verify'));
    const undocumented = served.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return !doc.paths[path]?.[method];
    });
    assert.deepEqual(undocumented, []);
  });
});
