// The connector's engine serving the repository's policy pack (policies/), as a published revision would.
import { join } from 'node:path';
import { buildBundle } from '../../connector/src/rego';
import { readPackData } from '../../connector/src/engine/compiler';
import { PolicyEngine, POLICY_ENTRYPOINTS } from '../../connector/src/engine/policy-engine';

/** `guidelines` replaces keys of the pack's data.guidelines (a legal team's edit). */
export async function packEngine(guidelines: Record<string, unknown> = {}): Promise<PolicyEngine> {
  const dir = join(__dirname, '..', '..', 'policies');
  const data = readPackData(dir) as { guidelines?: Record<string, unknown> };
  const engine = new PolicyEngine();
  engine.activate(await engine.prepare(await buildBundle({ dir, entrypoints: POLICY_ENTRYPOINTS, data: { ...data, guidelines: { ...data.guidelines, ...guidelines } }, revision: 'pack' })));
  return engine;
}
