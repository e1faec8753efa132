// One event of a batch from policy input to evaluation result, without any I/O: what a decision worker does per event,
// and what the decision service does in-process when a worker cannot. Both run this same code, so they give the same
// results and the same log text.
import { buildPolicyInput, type PersonFacts, type SphereEvent } from '../input/build-input';
import { errorMessage } from '../engine/wasm-eval';
import { redactedJson, withSpecialCategoryFields } from '../security/redact';

export interface EventOutcome {
  /** The result set (JSON text), or null with the runtime error's message. */
  result: string | null;
  error: string | null;
  /** The policy input as the decision log stores it: redacted, as JSON text; null when nothing is logged. */
  logInput: string | null;
}

/**
 * `evaluate` runs the policy on the input (JSON text) at the given time (ms) and throws its runtime errors;
 * `redactFields` null: the decision is not logged (a mailing plan), so no log input is made.
 */
export function decideEvent(event: SphereEvent, facts: PersonFacts, now: Date, revision: string, redactFields: Set<string> | null,
  evaluate: (inputJson: string, nowMs: number) => string): EventOutcome {
  const input = buildPolicyInput(event, facts, now, revision);
  const logInput = redactFields ? redactedJson(input, withSpecialCategoryFields(redactFields, event.facts)) : null;
  try {
    return { result: evaluate(JSON.stringify(input), now.getTime()), error: null, logInput };
  } catch (err) {
    return { result: null, error: errorMessage(err), logInput };
  }
}
