// Recording a consent through the API: before it is stored, the policy checks how it was captured (an active act, a
// parent's consent for a minor, …) with the rules for a consent saved with a record (`facts.consent_being_saved` on a
// record.save). A refused consent is not stored; the decision is logged either way.
import { asRow, type StorePort } from '../input/store-port';
import type { ConsentRecord } from '../store';
import type { DecisionAnswer, DecisionService } from './decision-service';

export interface ConsentCapture {
  /** The stored consent; null when the policy refused it. */
  consent: ConsentRecord | null;
  /** The policy's decision on the capture; null for withdrawals and objections, which are recorded as they come. */
  decision: DecisionAnswer | null;
}

/** Of two birthdates (`YYYY-MM-DD`), the later one: the person is treated as the younger (GDPR Art. 8 errs to protect). */
const younger = (a: unknown, b: unknown): string | null => {
  const dates = [a, b].filter((d): d is string => typeof d === 'string' && d !== '').sort();
  return dates[dates.length - 1] ?? null;
};

/**
 * `fields`: the consent as the request gives it; `birthdate` is checked together with SuiteCRM's (the younger counts)
 * and not stored with the consent.
 */
export async function captureConsent(service: DecisionService, store: StorePort, person: { module: string; id: string },
  { birthdate, ...fields }: Record<string, unknown>): Promise<ConsentCapture> {
  const consent = store.consents.check({
    status: 'given', given_at: new Date().toISOString(), ...fields, person_module: person.module, person_id: person.id,
  });
  if (consent.status !== 'given') return { consent: await store.consents.add(asRow(consent)), decision: null };
  const born = younger(birthdate, (await store.suitecrmFacts(person.module, person.id))?.birthdate);
  const decision = await service.decide({
    event: 'record.save', module: person.module, record_id: person.id, channel: 'api',
    record: born ? { birthdate: born } : {},
    facts: { consent_being_saved: { ...fields, parental_consent: consent.parentalConsentRef !== null } },
    ...(consent.recordedBy ? { actor: { user_id: consent.recordedBy } } : {}),
  });
  if (decision.outcome === 'deny' || decision.outcome === 'approval') return { consent: null, decision };
  return { consent: await store.consents.add(asRow(consent)), decision };
}
