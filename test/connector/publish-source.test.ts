// Publishing Rego source through the connector needs Sphere's compiler (connector/src/rego); these run it for real.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import Database from 'better-sqlite3';
import { startConnector, repoRoot, type RunningConnector } from '../support/connector';
import { packTarGz, MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_UNPACKED_BYTES } from '../../connector/src/rego/bundle';
import { connectorWithMarkerPolicy, markerBundle } from './fixtures/marker-policy';

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

describe('archives the connector refuses, while the active revision keeps serving', function () {
  this.timeout(120_000);
  let c: RunningConnector;
  before(async () => { c = await connectorWithMarkerPolicy('rev-a'); });
  after(async () => { await c?.stop(); });

  const MiB = 1024 * 1024;
  const rejected = async (archive: Buffer, message: RegExp): Promise<void> => {
    const res = await c.request('POST', '/v1/policies', archive);
    assert.equal(res.status, 422, res.text);
    assert.match(res.json.message, message);
    assert.equal((await c.request('GET', '/v1/policies')).json.active, 'rev-a');
    assert.equal((await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record: {} })).json.revision, 'rev-a');
  };

  it('a small gzip that unpacks beyond the total limit answers 422 naming the limit', async () => {
    // every file stays under the one-file limit, so the total is what is exceeded
    const perFile = MAX_ENTRY_BYTES - MiB;
    const count = Math.ceil(MAX_UNPACKED_BYTES / perFile) + 1;
    const bomb = packTarGz(Array.from({ length: count }, (_, i): [string, Buffer] => [`f${i}.rego`, Buffer.alloc(perFile)]));
    assert.ok(bomb.length < MiB);
    await rejected(bomb, new RegExp(`unpacks to more than ${MAX_UNPACKED_BYTES / MiB} MiB`));
  });

  it('one oversized file, or too many entries, answer 422 naming the limit', async () => {
    await rejected(packTarGz([['big.rego', Buffer.alloc(MAX_ENTRY_BYTES + 1)]]), new RegExp(`entry big\\.rego is larger than ${MAX_ENTRY_BYTES / MiB} MiB`));
    await rejected(packTarGz(Array.from({ length: MAX_ENTRIES + 1 }, (_, i): [string, Buffer] => [`f${i}.rego`, Buffer.from('package p\n')])), new RegExp(`more than ${MAX_ENTRIES} entries`));
  });

  it('a file and a folder on the same path answer 422 naming the entry, in either order', async () => {
    const file = Buffer.from('x');
    const rego = Buffer.from('package x\n');
    await rejected(packTarGz([['a', file], ['a/b.rego', rego]]), /archive entry a\/b\.rego cannot be unpacked/);
    await rejected(packTarGz([['a/b.rego', rego], ['a', file]]), /archive entry a cannot be unpacked/);
  });

  it('a publish whose activation fails stores nothing, so the same bundle can be published again', async () => {
    const bundle = await markerBundle('rev-c', 'warn');
    const db = new Database(c.dbFile);
    try {
      // the database refuses the activation write, after the insert of the new revision has succeeded
      db.exec("CREATE TRIGGER refuse_activation BEFORE UPDATE OF active ON sphere_policy_revisions WHEN NEW.active BEGIN SELECT RAISE(ABORT, 'activation refused'); END");
      const failed = await c.request('POST', '/v1/policies', bundle);
      assert.equal(failed.status, 503, failed.text);
      const list = (await c.request('GET', '/v1/policies')).json;
      assert.equal(list.active, 'rev-a');
      assert.deepEqual(list.revisions.map((r: { revision: string }) => r.revision), ['rev-a']);
    } finally {
      db.exec('DROP TRIGGER refuse_activation');
      db.close();
    }
    const retried = await c.request('POST', '/v1/policies', bundle);
    assert.equal(retried.status, 201, retried.text);
    assert.equal((await c.request('GET', '/v1/policies')).json.active, 'rev-c');
  });

  it('a normal bundle still publishes', async () => {
    const res = await c.request('POST', '/v1/policies', await markerBundle('rev-d'));
    assert.equal(res.status, 201, res.text);
    assert.equal((await c.request('POST', '/v1/decisions', { event: 'record.save', module: 'Contacts', record: {} })).json.revision, 'rev-d');
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

  it('answers the demo customer\'s advertising e-mail by UWG §7(3), and not at an address that did not come from the sale', async () => {
    const example = (file: string): unknown => JSON.parse(readFileSync(join(repoRoot, 'examples', file), 'utf8'));
    const customer = await c.request('POST', '/v1/decisions', example('customer-mailing.json'));
    assert.ok(['allow', 'warn'].includes(customer.json.outcome), customer.text);
    assert.deepEqual(customer.json.violations, []);
    const moved = await c.request('POST', '/v1/decisions', example('customer-mailing-new-address.json'));
    assert.equal(moved.json.outcome, 'deny', moved.text);
    assert.deepEqual(moved.json.violations.map((v: { rule: string }) => v.rule).sort(), ['email.no_consent', 'existing_customer.address_not_from_sale']);
  });
});
