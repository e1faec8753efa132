import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runRegoTests } from '../../connector/src/rego';
import { readPackData } from '../../connector/src/engine/compiler';

const dir = join(__dirname, '..', '..', 'policies');

describe('the policy pack\'s own Rego tests', function () {
  this.timeout(120_000);
  it('pass (sphere policy test policies/)', async () => {
    const report = await runRegoTests({ dir, data: readPackData(dir), verbose: true });
    assert.ok(report.results.length > 0);
    assert.deepEqual(report.results.filter((r) => !r.pass).map((r) => `${r.name}: ${r.error ?? (r.failedExpressions ?? []).join('; ')}`), []);
  });
});
