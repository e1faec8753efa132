import assert from 'node:assert/strict';
import { DECISION_ENTRYPOINT, PolicyEngine } from '../../connector/src/engine/policy-engine';
import { POLICY_MEMORY_MAX_PAGES } from '../../connector/src/engine/wasm-eval';
import { compileSources, writeBundle } from '../../connector/src/rego';
import { readBundle, BundleError } from '../../connector/src/rego/bundle';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceDigest } from '../../connector/src/engine/publisher';
import { markerBundle } from './fixtures/marker-policy';

const input = (marker = ''): Record<string, unknown> & { context: { now: string } } => ({
  event: 'record.save', module: 'Contacts', record: { last_name: marker }, context: { now: '2026-01-01T00:00:00Z' },
});

describe('policy engine (opa-wasm SDK on an OPA-ABI bundle)', () => {
  it('reads the bundle files and evaluates sphere/decision with the revision from the manifest', async () => {
    const bundle = await markerBundle('rev-a');
    const contents = readBundle(bundle);
    assert.equal(contents.manifest.revision, 'rev-a');
    const engine = new PolicyEngine();
    engine.activate(await engine.prepare(bundle));
    const allowed = engine.evaluate(input());
    assert.equal(allowed.decision.outcome, 'allow');
    assert.equal(allowed.revision, 'rev-a');
    const denied = engine.evaluate(input('DENY'));
    assert.equal(denied.decision.outcome, 'deny');
    assert.equal(denied.decision.violations[0]?.rule, 'test.marker_deny');
  });

  it('turns a policy runtime error into deny sphere.policy_error with de+en messages and keeps serving', async () => {
    const engine = new PolicyEngine();
    engine.activate(await engine.prepare(await markerBundle('rev-b')));
    const broken = engine.evaluate(input('BOOM'));
    assert.equal(broken.decision.outcome, 'deny');
    assert.equal(broken.decision.violations[0]?.rule, 'sphere.policy_error');
    assert.ok(broken.decision.violations[0]?.message.de && broken.decision.violations[0]?.message.en);
    assert.match(String(broken.policyError), /BOOM/);
    assert.equal(engine.evaluate(input()).decision.outcome, 'allow');
  });

  it('stops an evaluation at the memory limit with a policy error that says so, and keeps serving', async function () {
    this.timeout(60_000);
    const rego = 'package sphere\ndecision := {"outcome": "allow", "violations": [], "warnings": [], "obligations": [], "approval": null, "n": count(numbers.range(1, input.n))}\n';
    const wasm = await compileSources([{ file: 'range.rego', text: rego }], [DECISION_ENTRYPOINT]);
    const engine = new PolicyEngine();
    engine.activate(await engine.prepare(writeBundle(wasm, [DECISION_ENTRYPOINT], {}, 'rev-range')));
    const huge = engine.evaluate({ n: 1e9 });
    assert.equal(huge.decision.outcome, 'deny');
    assert.equal(huge.decision.violations[0]?.rule, 'sphere.policy_error');
    assert.match(String(huge.policyError), new RegExp(`of its ${POLICY_MEMORY_MAX_PAGES / 16} MiB memory limit`));
    assert.equal(engine.evaluate({ n: 1000 }).decision.outcome, 'allow');
  });

  it('does not sleep: a policy calling test.sleep fails as a policy error instead of holding the deciding thread', async () => {
    const rego = 'package sphere\ndecision := {"outcome": "allow", "violations": [], "warnings": [], "obligations": [], "approval": null} if test.sleep(input.wait)\n';
    const wasm = await compileSources([{ file: 'sleep.rego', text: rego }], [DECISION_ENTRYPOINT]);
    const engine = new PolicyEngine();
    engine.activate(await engine.prepare(writeBundle(wasm, [DECISION_ENTRYPOINT], {}, 'rev-sleep')));
    const started = Date.now();
    const slept = engine.evaluate({ wait: '1h' });
    assert.ok(Date.now() - started < 60_000, 'returned without sleeping');
    assert.equal(slept.decision.outcome, 'deny');
    assert.equal(slept.decision.violations[0]?.rule, 'sphere.policy_error');
    assert.match(String(slept.policyError), /test\.sleep/);
  });

  it('swaps revisions atomically: a prepared policy serves only once activated', async () => {
    const engine = new PolicyEngine();
    engine.activate(await engine.prepare(await markerBundle('old', 'allow')));
    const next = await engine.prepare(await markerBundle('new', 'warn'));
    assert.equal(engine.evaluate(input()).revision, 'old');
    engine.activate(next);
    const after = engine.evaluate(input());
    assert.equal(after.revision, 'new');
    assert.equal(after.decision.outcome, 'warn');
  });

  it('rejects archives that are not bundles', async () => {
    assert.throws(() => readBundle(Buffer.from('not gzip')), BundleError);
    // the tar parser would gunzip an inner layer by itself, past the unpacked-size limit
    const twice = gzipSync(await markerBundle('rev-twice'));
    assert.throws(() => readBundle(twice), /compressed twice/);
    assert.equal(new PolicyEngine().isReady(), false);
  });
});

describe('policy source digest', () => {
  it('depends on file paths and contents only, so unchanged sources are recognised as already published', () => {
    const make = (body: string): string => {
      const dir = mkdtempSync(join(tmpdir(), 'sphere-digest-'));
      mkdirSync(join(dir, 'data'));
      writeFileSync(join(dir, 'a.rego'), body);
      writeFileSync(join(dir, 'data', 'guidelines.json'), '{}');
      return dir;
    };
    assert.equal(sourceDigest(make('package a\n')), sourceDigest(make('package a\n')));
    assert.notEqual(sourceDigest(make('package a\n')), sourceDigest(make('package b\n')));
  });
});
