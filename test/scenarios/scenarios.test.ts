import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkEvent } from '../../connector/src/api/validate-event';
import { runScenarios } from './evaluate';

describe('shared legal scenarios through the compiled policy pack', function () {
  this.timeout(120_000);
  it('decides every scenario as expected', async () => {
    const results = await runScenarios();
    assert.ok(results.length >= 28);
    assert.deepEqual(results.filter((r) => !r.passed).map((r) => `${r.id}: expected ${r.expected}, got ${r.got} (${r.rules.join(', ')})`), []);
  });
});

describe('scenario fixtures', () => {
  it('are events the connector accepts (policies/schema/event.schema.json at the API boundary)', () => {
    for (const file of readdirSync(join(__dirname, 'fixtures'))) {
      const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', file), 'utf8')) as { event?: unknown; plan?: object; groups?: Array<{ count: number }> };
      // a plan fixture describes its recipients by group; SuiteCRM sends them as a list
      const event = fixture.event ?? { ...fixture.plan, recipients: (fixture.groups ?? []).flatMap((g, k) => Array.from({ length: g.count }, (_, n) => ({ module: 'Contacts', id: `g${k}-${n}` }))) };
      assert.doesNotThrow(() => checkEvent(event), file);
    }
  });
});
