// Runs the plugin's PHPUnit suite (plugin/tests) against REAL connectors over HTTP: one answering allow by default,
// one answering warn by default (both deny any input containing "DENY"), one serving the real policy pack (policies/),
// a server that never answers, and a closed port.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';
import { connectorWithMarkerPolicy } from '../connector/fixtures/marker-policy';

/** Accepts connections and never answers, so the plugin's timeout is what ends the request. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => { sockets.forEach((s) => s.destroy()); server.close(() => r()); }) };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}`;
}

// PHPUNIT_FILTER=<pattern> runs only the matching PHPUnit tests (phpunit --filter), e.g. PHPUNIT_FILTER=CampaignPlanTest
const filter = process.env.PHPUNIT_FILTER ?? '';

function runPhpunit(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const args = ['-c', join(repoRoot, 'plugin', 'tests', 'phpunit.xml'), ...(filter ? ['--filter', filter] : [])];
    const child = spawn('phpunit', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('SuiteCRM plugin (PHPUnit against a real connector)', function () {
  this.timeout(240_000);
  let allow: RunningConnector;
  let warn: RunningConnector;
  let pack: RunningConnector;
  let silent: { url: string; close(): Promise<void> };

  before(async () => {
    allow = await connectorWithMarkerPolicy('plugin-allow', 'allow');
    warn = await connectorWithMarkerPolicy('plugin-warn', 'warn');
    pack = await startConnector({ policyDir: join(repoRoot, 'policies') });
    silent = await silentServer();
  });
  after(async () => {
    await allow?.stop();
    await warn?.stop();
    await pack?.stop();
    await silent?.close();
  });

  it('passes every hook, import, campaign, entry-point and settings case', async () => {
    assert.equal(warn.secret.length > 0, true);
    // Both connectors must accept the same secret for the PHP side; the warn one gets its own via SPHERE_WARN_SECRET.
    const { code, out } = await runPhpunit({
      SPHERE_URL: allow.url, SPHERE_SECRET: allow.secret, SPHERE_REVISION: 'plugin-allow',
      SPHERE_WARN_URL: warn.url, SPHERE_WARN_SECRET: warn.secret,
      SPHERE_PACK_URL: pack.url, SPHERE_PACK_SECRET: pack.secret,
      SPHERE_SLOW_URL: silent.url, SPHERE_DOWN_URL: await closedPortUrl(),
    });
    assert.equal(code, 0, out);
    const summary = /OK \((\d+) tests?, (\d+) assertions?\)/.exec(out);
    assert.ok(summary, out);
    if (!filter) assert.ok(Number(summary[1]) >= 30, `expected at least 30 PHPUnit tests:\n${out}`);
  });
});
