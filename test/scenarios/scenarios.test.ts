import assert from 'node:assert/strict';
import { runScenarios } from './evaluate';

describe('shared legal scenarios through the compiled policy pack', function () {
  this.timeout(120_000);
  it('decides every scenario as expected', async () => {
    const results = await runScenarios();
    assert.ok(results.length >= 28);
    assert.deepEqual(results.filter((r) => !r.passed).map((r) => `${r.id}: expected ${r.expected}, got ${r.got} (${r.rules.join(', ')})`), []);
  });
});
