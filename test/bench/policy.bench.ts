// The policy pack: compile time, and one decision over a realistic input through the connector's engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildBundle, loadRegoDir, policySources, compileSources } from '../../connector/src/rego';
import { readPackData } from '../../connector/src/engine/compiler';
import { PolicyEngine, DECISION_ENTRYPOINT } from '../../connector/src/engine/policy-engine';
import { buildPolicyInput, type SphereEvent } from '../../connector/src/input/build-input';

const line = (label: string, value: string, budget: string, ok: boolean): void => {
  console.log(`${label.padEnd(44)} ${value.padStart(12)}   budget ${budget.padEnd(10)} ${ok ? 'ok' : 'OVER BUDGET'}`);
};

export async function run(): Promise<void> {
  const dir = join(__dirname, '..', '..', 'policies');
  const sources = policySources(loadRegoDir(dir));
  await compileSources(sources, [DECISION_ENTRYPOINT]); // warm: binaryen and the runtime load once per process
  const t = performance.now();
  await compileSources(sources, [DECISION_ENTRYPOINT]);
  const compileMs = performance.now() - t;
  line(`compile+link of the pack (${sources.length} modules)`, `${compileMs.toFixed(0)} ms`, '< 2000 ms', compileMs < 2000);

  const engine = new PolicyEngine();
  engine.activate(await engine.prepare(await buildBundle({ dir, entrypoints: [DECISION_ENTRYPOINT], data: readPackData(dir), revision: 'bench' })));
  const fixture = JSON.parse(readFileSync(join(__dirname, '..', 'scenarios', 'fixtures', 'S41.json'), 'utf8')) as { event: SphereEvent; consents: Array<Record<string, unknown>>; now: string };
  const input = buildPolicyInput(fixture.event, { consents: fixture.consents, provenance: [], suitecrm: null }, new Date(fixture.now), 'bench');
  for (let i = 0; i < 2000; i++) engine.evaluate(input);
  const samples: number[] = [];
  for (let i = 0; i < 10000; i++) {
    const s = performance.now();
    engine.evaluate(input);
    samples.push((performance.now() - s) * 1000);
  }
  samples.sort((a, b) => a - b);
  const p50 = samples[5000] as number;
  const p99 = samples[9900] as number;
  console.log(`input ${JSON.stringify(input).length} bytes (scenario S41: e-mail campaign, single opt-in consent)`);
  line('decision evaluate p50 (engine, whole pack)', `${p50.toFixed(0)} µs`, '≤ 1000 µs', p50 <= 1000);
  line('decision evaluate p99', `${p99.toFixed(0)} µs`, '≤ 5000 µs', p99 <= 5000);
}
