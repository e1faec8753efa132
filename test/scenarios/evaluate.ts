// The scenario suite: each shared legal scenario as the CRM would send it (fixtures/<id>.json: the event
// from the plugin plus the consents the connector has stored), through the connector's input builder and
// the compiled policies/ pack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyEngine } from '../../connector/src/engine/policy-engine';
import { packEngine } from '../support/pack-engine';
import { buildPolicyInput, type SphereEvent } from '../../connector/src/input/build-input';

const repoRoot = join(__dirname, '..', '..');
const shared = join(repoRoot, '..', 'shared', 'scenarios', 'scenarios.json');

interface Scenario { id: string; title: string; expected: string; expected_breakdown?: { allow: number; deny: number } }
interface Fixture {
  now: string;
  event?: SphereEvent;
  consents?: Array<Record<string, unknown>>;
  plan?: SphereEvent;
  groups?: Array<{ count: number; consents: Array<Record<string, unknown>>; facts?: Record<string, unknown> }>;
}

export interface ScenarioResult { id: string; title: string; expected: string; got: string; rules: string[]; passed: boolean }

function decide(engine: PolicyEngine, event: SphereEvent, consents: Array<Record<string, unknown>>, now: string) {
  const input = buildPolicyInput(event, { consents, provenance: [], suitecrm: null }, new Date(now), engine.revision);
  return engine.evaluate(input);
}

function runPlan(engine: PolicyEngine, fixture: Fixture, scenario: Scenario): ScenarioResult {
  const tally = { allow: 0, warn: 0, deny: 0, approval: 0 };
  const rules = new Set<string>();
  for (const group of fixture.groups ?? []) {
    // mailing.plan evaluates each recipient as the mailing.send it would become (connector/src/workflows/mailing-plan.ts)
    const event = { ...(fixture.plan as SphereEvent), event: 'mailing.send', record_id: 'recipient', record: {}, facts: group.facts ?? {}, dry_run: true };
    const { decision } = decide(engine, event, group.consents, fixture.now);
    tally[decision.outcome] += group.count;
    for (const v of decision.violations) rules.add(v.rule);
  }
  const got = tally.deny > 0 ? 'warn' : 'allow';
  const breakdown = scenario.expected_breakdown;
  const breakdownOk = !breakdown || (breakdown.allow === tally.allow + tally.warn && breakdown.deny === tally.deny);
  return { id: scenario.id, title: scenario.title, expected: scenario.expected, got: `${got} (${tally.allow + tally.warn} sendable, ${tally.deny} skipped)`, rules: [...rules].sort(), passed: got === scenario.expected && breakdownOk };
}

export async function runScenarios(engine?: PolicyEngine): Promise<ScenarioResult[]> {
  const policy = engine ?? await packEngine();
  const scenarios = JSON.parse(readFileSync(shared, 'utf8')) as Scenario[];
  return scenarios.map((scenario) => {
    const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', `${scenario.id}.json`), 'utf8')) as Fixture;
    if (fixture.plan) return runPlan(policy, fixture, scenario);
    const { decision } = decide(policy, fixture.event as SphereEvent, fixture.consents ?? [], fixture.now);
    const rules = [...decision.violations, ...decision.warnings].map((f) => f.rule).concat(decision.obligations.map((o) => o.id));
    return { id: scenario.id, title: scenario.title, expected: scenario.expected, got: decision.outcome, rules, passed: decision.outcome === scenario.expected };
  });
}
