// A person's privacy view: consents, provenance per field, open obligations and recent decisions. What is open (such as
// the GDPR Art. 14 notice) is the active policy's answer (sphere/person_obligations), so the legal team changes it in
// the pack like any other rule.
import { buildPolicyInput, loadPersonFacts, type PersonFacts } from '../input/build-input';
import type { StorePort, Row } from '../input/store-port';
import type { Obligation, PolicyEngine } from '../engine/policy-engine';

/** The person's open obligations by the active policy, from what is stored about them; or why they cannot be shown. */
export function personObligations(engine: PolicyEngine, module: string, id: string, facts: PersonFacts, now = new Date()):
  { obligations: Obligation[] } | { unavailable: string } {
  // The entrypoint reads the person only; the event is the input's required frame, never decided or logged.
  const input = buildPolicyInput({ event: 'record.save', module, record_id: id, record: {} }, facts, now, engine.revision);
  return engine.personObligations(input);
}

export async function privacyView(store: StorePort, engine: PolicyEngine, module: string, id: string): Promise<Record<string, unknown>> {
  const [facts, decisions] = await Promise.all([loadPersonFacts(store, module, id), store.decisions.recentForPerson(module, id, 20)]);
  const byField: Record<string, Row[]> = {};
  for (const p of facts.provenance) (byField[String(p.field)] ??= []).push(p);
  const open = personObligations(engine, module, id, facts);
  return {
    person: { module, id },
    consents: facts.consents.filter((c) => c.status !== 'objected'),
    objections: facts.consents.filter((c) => c.status === 'objected'),
    provenance: byField,
    obligations: 'obligations' in open ? open.obligations : null,
    ...('unavailable' in open ? { obligations_unavailable: open.unavailable } : {}),
    recent_decisions: decisions,
  };
}
