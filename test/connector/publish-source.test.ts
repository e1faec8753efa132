// Publishing Rego source through the connector needs Sphere's compiler (connector/src/rego); these run it for real.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';

const fixturePack = join(__dirname, 'fixtures', 'pack');

async function packWith(change: (dir: string) => void): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'sphere-pack-'));
  cpSync(fixturePack, join(dir, 'pack'), { recursive: true });
  change(join(dir, 'pack'));
  await createTar({ gzip: true, cwd: join(dir, 'pack'), file: join(dir, 'p.tar.gz'), portable: true }, ['.']);
  return readFileSync(join(dir, 'p.tar.gz'));
}

describe('publishing Rego source (compile → test → store → swap)', function () {
  this.timeout(120_000);
  let c: RunningConnector;
  before(async () => { c = await startConnector({ policyDir: fixturePack }); });
  after(async () => { await c?.stop(); });

  it('publishes the policy folder at start and decides with it', async () => {
    const ok = await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record: { do_not_contact: true } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json.outcome, 'deny');
  });

  it('a compile error answers 422 with file:row:col and leaves the old revision serving', async () => {
    const active = (await c.request('GET', '/v1/policies')).json.active;
    const res = await c.request('POST', '/v1/policies', await packWith((d) => writeFileSync(join(d, 'broken.rego'), 'package sphere\n\nx := {\n')));
    assert.equal(res.status, 422, res.text);
    assert.ok(res.json.details.some((l: string) => /broken\.rego:\d+:\d+:/.test(l)), res.text);
    assert.equal((await c.request('GET', '/v1/policies')).json.active, active);
  });

  it('a failing Rego test answers 422 and leaves the old revision serving', async () => {
    const active = (await c.request('GET', '/v1/policies')).json.active;
    const res = await c.request('POST', '/v1/policies', await packWith((d) => writeFileSync(join(d, 'extra_test.rego'), 'package sphere\n\ntest_always_fails if decision.outcome == "warn" with input as {"record": {}}\n')));
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /test_always_fails/);
    assert.equal((await c.request('GET', '/v1/policies')).json.active, active);
  });
});

describe('the real policies/ pack end to end', function () {
  this.timeout(180_000);
  let c: RunningConnector;
  before(async () => { c = await startConnector({ policyDir: join(repoRoot, 'policies'), seedDemo: true }); });
  after(async () => { await c?.stop(); });

  it('compiles at start and answers the example blocked and allowed saves', async () => {
    assert.equal((await fetch(`${c.url}/readyz`)).status, 200);
    const blocked = await c.request('POST', '/v1/decisions', JSON.parse(readFileSync(join(repoRoot, 'examples', 'blocked-save.json'), 'utf8')));
    assert.equal(blocked.json.outcome, 'deny', blocked.text);
    assert.ok(blocked.json.violations.length > 0);
    const allowed = await c.request('POST', '/v1/decisions', JSON.parse(readFileSync(join(repoRoot, 'examples', 'allowed-save.json'), 'utf8')));
    assert.ok(['allow', 'warn'].includes(allowed.json.outcome), allowed.text);
  });
});
