// `sphere decide` and `sphere policy publish` run as real processes against a real connector and SQLite file.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';
import { openStore } from '../../connector/src/store';
import { connectorWithMarkerPolicy, markerBundle } from './fixtures/marker-policy';

const fixturePack = join(__dirname, 'fixtures', 'pack');

interface Run { status: number; stdout: string; stderr: string }

// asynchronous: the test's own HTTP servers must keep answering while the command runs
function sphere(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, 'bin', 'sphere'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SPHERE_LOG_LEVEL: 'warn', ...env } },
      (err, stdout, stderr) => resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const close = (server: Server): Promise<void> => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

describe('sphere decide (read-only)', function () {
  this.timeout(120_000);
  let dir: string;
  let eventFile: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sphere-decide-'));
    eventFile = join(dir, 'event.json');
    writeFileSync(eventFile, JSON.stringify({ event: 'record.save', module: 'Contacts', record: { do_not_contact: true } }));
  });

  it('evaluates on the active revision and leaves the database\'s policies unchanged, even with new sources in the policy folder', async () => {
    const c: RunningConnector = await startConnector();
    try {
      assert.equal((await c.request('POST', '/v1/policies', await markerBundle('rev-a'))).status, 201);
      const before = (await c.request('GET', '/v1/policies')).json;
      const run = await sphere(['decide', '--input', eventFile], { SPHERE_DB: `sqlite:${c.dbFile}`, SPHERE_POLICY_DIR: fixturePack });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(JSON.parse(run.stdout).revision, 'rev-a');
      assert.deepEqual((await c.request('GET', '/v1/policies')).json, before);
    } finally {
      await c.stop();
    }
  });

  it('with no active revision compiles the policy folder in memory and stores no revision', async () => {
    const db = `sqlite:${join(dir, 'empty.sqlite')}`;
    const run = await sphere(['decide', '--input', eventFile], { SPHERE_DB: db, SPHERE_POLICY_DIR: fixturePack });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).outcome, 'deny');
    const store = await openStore({ type: 'sqlite', file: join(dir, 'empty.sqlite') }, { migrate: false });
    try {
      assert.deepEqual(await store.policyRevisions.list(), []);
      assert.equal(await store.policyRevisions.active(), null);
    } finally {
      await store.close();
    }
  });
});

describe('sphere policy publish', function () {
  this.timeout(120_000);
  let c: RunningConnector;
  let bundleFile: string;
  before(async () => {
    c = await startConnector();
    bundleFile = join(mkdtempSync(join(tmpdir(), 'sphere-publish-')), 'bundle.tar.gz');
    writeFileSync(bundleFile, await markerBundle('rev-proxied', 'warn'));
  });
  after(async () => { await c?.stop(); });

  it('keeps the base path of --to (a connector behind a reverse proxy under /sphere)', async () => {
    const target = new URL(c.url);
    // strips /sphere as such a proxy does; anything else is not the connector
    const proxy = await listen((req, res) => {
      if (!req.url?.startsWith('/sphere/')) { res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not proxied'); return; }
      req.pipe(httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url.slice('/sphere'.length), headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      }));
    });
    try {
      const run = await sphere(['policy', 'publish', bundleFile, '--to', `${proxy.url}/sphere`, '--secret', c.secret]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /revision rev-proxied/);
      assert.equal((await c.request('GET', '/v1/policies')).json.active, 'rev-proxied');
    } finally {
      await close(proxy.server);
    }
  });

  it('reports the status and the start of an answer that is not JSON', async () => {
    const gateway = await listen((_req, res) => { res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body>Bad Gateway from the proxy</body></html>'); });
    try {
      const run = await sphere(['policy', 'publish', bundleFile, '--to', gateway.url, '--secret', c.secret]);
      assert.equal(run.status, 1);
      assert.match(run.stderr, /502/);
      assert.match(run.stderr, /Bad Gateway from the proxy/);
    } finally {
      await close(gateway.server);
    }
  });
});

describe('sphere log show', function () {
  this.timeout(60_000);
  let c: RunningConnector;
  before(async () => { c = await connectorWithMarkerPolicy('rev-show'); });
  after(async () => { await c?.stop(); });

  it('prints a logged decision as the API answers it, and fails naming an id that is not logged', async () => {
    const decided = await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record_id: 'c-show', record: { last_name: 'DENY' }, channel: 'ui' });
    assert.equal(decided.json.outcome, 'deny');
    const shown = await sphere(['log', 'show', decided.json.decision_id, '--db', `sqlite:${c.dbFile}`]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.deepEqual(JSON.parse(shown.stdout), (await c.request('GET', `/v1/log/decisions/${decided.json.decision_id}`)).json);
    assert.equal(JSON.parse(shown.stdout).revision, 'rev-show');
    const unknown = await sphere(['log', 'show', 'no-such-decision', '--db', `sqlite:${c.dbFile}`]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no decision "no-such-decision" is logged in this database/);
  });
});
