// The policy pack: compile time, one decision over a realistic input through the connector's engine, and
// publishing the pack to a running connector over HTTP as the legal team does (compile, Rego tests, store, swap).
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create as createTar } from 'tar';
import { performance } from 'node:perf_hooks';
import { buildBundle, loadRegoDir, policySources, compileSources } from '../../connector/src/rego';
import { readPackData } from '../../connector/src/engine/compiler';
import { PolicyEngine, DECISION_ENTRYPOINT } from '../../connector/src/engine/policy-engine';
import { buildPolicyInput, type SphereEvent } from '../../connector/src/input/build-input';
import { startConnector } from '../support/connector';

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

  const publishMs = await publishTimes(dir);
  line('publish of the pack over HTTP (median of 3)', `${publishMs.toFixed(0)} ms`, '≤ 10000 ms', publishMs <= 10_000);
}

/** POST /v1/policies with the pack's folder as tar.gz, as `sphere policy publish` sends it; median wall time. */
async function publishTimes(dir: string): Promise<number> {
  const tmp = mkdtempSync(join(tmpdir(), 'sphere-publish-bench-'));
  const c = await startConnector({ policyDir: dir, env: { SPHERE_LOG_LEVEL: 'error' } });
  try {
    const pack = join(tmp, 'pack');
    cpSync(dir, pack, { recursive: true });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      // each round publishes new content: an identical pack is refused as an existing revision
      appendFileSync(join(pack, 'sphere', 'decision.rego'), `\n# publish benchmark, round ${i}\n`);
      const archive = join(tmp, `pack-${i}.tar.gz`);
      await createTar({ gzip: true, cwd: pack, file: archive, portable: true }, ['.']);
      const body = readFileSync(archive);
      const t = performance.now();
      const res = await c.request('POST', '/v1/policies', body);
      times.push(performance.now() - t);
      if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${res.text.slice(0, 300)}`);
    }
    return times.sort((a, b) => a - b)[1] as number;
  } finally {
    await c.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
