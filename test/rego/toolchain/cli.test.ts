import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readBundle } from '../../../connector/src/rego';
import { PolicyEngine } from '../../../connector/src/engine/policy-engine';
import { readFileSync } from 'node:fs';

const sphere = join(__dirname, '..', '..', '..', 'bin', 'sphere');
const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(sphere, args);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('sphere policy build | eval | test', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sphere-cli-'));
    mkdirSync(join(dir, 'pack', 'data'), { recursive: true });
    writeFileSync(join(dir, 'pack', 'main.rego'), 'package app\nimport rego.v1\ndefault allow := false\nallow if input.user in data.cfg.admins\n');
    writeFileSync(join(dir, 'pack', 'main_test.rego'), 'package app_test\nimport rego.v1\ntest_admin if data.app.allow with input.user as "ann"\ntest_guest if not data.app.allow with input.user as "bob"\ntest_wrong if {\n  true\n  data.app.allow with input.user as "bob"\n}\n');
    writeFileSync(join(dir, 'pack', 'data', 'cfg.json'), JSON.stringify({ admins: ['ann'] }));
    writeFileSync(join(dir, 'input.json'), JSON.stringify({ user: 'ann' }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('builds an OPA bundle that evaluates with the pack data and loads in the connector engine', async () => {
    const out = join(dir, 'bundle.tar.gz');
    const built = await run(['policy', 'build', join(dir, 'pack'), '-e', 'app/allow', '-o', out]);
    assert.equal(built.code, 0, built.stderr);
    const bundle = readBundle(readFileSync(out));
    assert.deepEqual(bundle.data, { cfg: { admins: ['ann'] } });
    assert.deepEqual((bundle.manifest as { wasm: unknown }).wasm, [{ entrypoint: 'app/allow', module: '/policy.wasm' }]);
    const evaluated = await run(['policy', 'eval', '--bundle', out, '-e', 'app/allow', '--input', join(dir, 'input.json')]);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.deepEqual(JSON.parse(evaluated.stdout), [{ result: true }]);
    await assert.rejects(new PolicyEngine().prepare(readFileSync(out)), /no entrypoint sphere\/decision/);
  });

  it('runs test_* rules, fails with the failing expression shown, and exits non-zero', async () => {
    const res = await run(['policy', 'test', join(dir, 'pack'), '--verbose']);
    assert.equal(res.code, 1);
    assert.match(res.stdout, /data\.app_test\.test_admin: PASS/);
    assert.match(res.stdout, /data\.app_test\.test_wrong: FAIL/);
    assert.match(res.stdout, /failed at main_test\.rego:7: data\.app\.allow with input\.user as "bob"/);
    assert.match(res.stdout, /^2 passed, 1 failed$/m);
  });

  it('prints compile errors as file:row:col and usage errors clearly', async () => {
    writeFileSync(join(dir, 'pack', 'broken.rego'), 'package broken\nx := [1,\n');
    const res = await run(['policy', 'build', join(dir, 'pack'), '-e', 'app/allow', '-o', join(dir, 'b.tar.gz')]);
    rmSync(join(dir, 'pack', 'broken.rego'));
    assert.equal(res.code, 1);
    assert.match(res.stderr, /^broken\.rego:3:1: rego_parse_error: /m);
    const missing = await run(['policy', 'eval', '--bundle', join(dir, 'nope.tar.gz'), '-e', 'app/allow']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /bundle .*nope\.tar\.gz does not exist/);
  });
});
