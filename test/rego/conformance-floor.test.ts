import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConformance } from '../../connector/src/rego/conformance/runner';

const floor = JSON.parse(readFileSync(join(__dirname, '..', '..', 'connector', 'src', 'rego', 'conformance', 'floor.json'), 'utf8')) as { passed: number };
const cases = join(__dirname, '..', '..', '..', 'shared', 'rego-conformance', 'v1');

describe('OPA conformance suite through the compiler', () => {
  it(`passes at least the recorded ${floor.passed} cases and never crashes`, async function () {
    this.timeout(600_000);
    const outcomes = await runConformance(cases);
    const passed = outcomes.filter((o) => o.passed).length;
    const crashes = outcomes.filter((o) => !o.passed && /RuntimeError|unreachable|Maximum call stack/.test(o.reason ?? ''));
    assert.deepEqual(crashes.map((c) => `${c.note}: ${c.reason}`), []);
    assert.ok(passed >= floor.passed, `${passed} passed, below the recorded floor of ${floor.passed}`);
  });
});
