// Holds the active compiled policy and evaluates `sphere/decision` (and `sphere/person_obligations`); swapping revisions is
// a single reference assignment.
import { createHash } from 'node:crypto';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { bundleContents, untarGz } from '../rego/bundle';
import { hostBuiltins } from '../rego/host/builtins';
import { errorMessage, evaluateJson, policyMemory } from './wasm-eval';

export { errorMessage } from './wasm-eval';

export const DECISION_ENTRYPOINT = 'sphere/decision';
/** What is open about a person from what is stored about them, whatever the action (privacy view, SuiteCRM summary). */
export const PERSON_OBLIGATIONS_ENTRYPOINT = 'sphere/person_obligations';
/** The entrypoints Sphere builds a policy folder with. */
export const POLICY_ENTRYPOINTS = [DECISION_ENTRYPOINT, PERSON_OBLIGATIONS_ENTRYPOINT];
const OUTCOMES = new Set(['allow', 'warn', 'deny', 'approval']);

export interface Bilingual { de: string; en: string }
export interface Finding { rule: string; message: Bilingual; legal_basis: string[]; hint?: Bilingual; fields: string[] }
export interface Obligation { id: string; message: Bilingual; legal_basis: string[]; due: string | null; fields: string[] }
export interface PolicyDecision {
  outcome: 'allow' | 'warn' | 'deny' | 'approval';
  violations: Finding[];
  warnings: Finding[];
  obligations: Obligation[];
  approval: null | { role: string; reason: Bilingual };
  /** Ids of the consents the action relies on (a bundle that does not say relies on none). */
  consents_used: string[];
}

export interface ActivePolicy {
  revision: string;
  sha256: string;
  data: Record<string, unknown>;
  policy: LoadedPolicy;
  /** The module's bytes, for worker threads that load the same policy. */
  wasm: Buffer;
  /** Number of DECISION_ENTRYPOINT in the module. */
  entrypoint: number;
  /** Number of PERSON_OBLIGATIONS_ENTRYPOINT, null when the bundle was built without it. */
  personEntrypoint: number | null;
}

export interface Evaluation {
  decision: PolicyDecision;
  revision: string;
  policyError?: string;
}

export class PolicyUnavailableError extends Error {}

export function policyErrorDecision(): PolicyDecision {
  return {
    outcome: 'deny',
    violations: [{
      rule: 'sphere.policy_error',
      message: {
        de: 'Die Datenschutzprüfung ist fehlgeschlagen (Fehler in der Richtlinie). Die Aktion wurde vorsorglich blockiert.',
        en: 'The privacy check failed (error in the policy). The action was blocked as a precaution.',
      },
      legal_basis: ['GDPR Art. 24', 'GDPR Art. 25'],
      hint: { de: 'Bitte informieren Sie den Datenschutzbeauftragten oder den Administrator.', en: 'Please inform the data protection officer or the administrator.' },
      fields: [],
    }],
    warnings: [],
    obligations: [],
    approval: null,
    consents_used: [],
  };
}

/** Evaluation time as the policy's time.now_ns sees it: the input's context.now, else the current time. */
function evaluationTimeMs(input: { context?: { now?: string } }): number {
  return input.context?.now ? Date.parse(input.context.now) : Date.now();
}

function asDecision(result: unknown): PolicyDecision {
  const set = result as Array<{ result?: unknown }> | undefined;
  const value = Array.isArray(set) && set.length > 0 ? set[0]?.result : undefined;
  const d = value as Partial<PolicyDecision> | undefined;
  if (!d || typeof d !== 'object' || !OUTCOMES.has(String(d.outcome))) {
    throw new Error(`policy returned no valid decision at ${DECISION_ENTRYPOINT} (got ${JSON.stringify(value)?.slice(0, 200)})`);
  }
  return {
    outcome: d.outcome as PolicyDecision['outcome'],
    violations: Array.isArray(d.violations) ? d.violations : [],
    warnings: Array.isArray(d.warnings) ? d.warnings : [],
    obligations: Array.isArray(d.obligations) ? d.obligations : [],
    approval: d.approval ?? null,
    consents_used: Array.isArray(d.consents_used) ? d.consents_used.filter((id): id is string => typeof id === 'string') : [],
  };
}

export class PolicyEngine {
  private active: ActivePolicy | null = null;
  // Fixed per decision so every rule of one evaluation sees the same "now".
  private nowNs = 0n;

  /** Loads a bundle into a ready-to-swap policy; throws on anything that cannot serve decisions. `files`: the bundle already unpacked. */
  async prepare(bundle: Buffer, revision?: string, files: Map<string, Buffer> = untarGz(bundle)): Promise<ActivePolicy> {
    const { wasm, data, manifest } = bundleContents(files);
    const policy = await loadPolicy(wasm, policyMemory(), hostBuiltins(() => this.nowNs));
    if (!policy.entrypoints || !(DECISION_ENTRYPOINT in policy.entrypoints)) {
      throw new Error(`bundle has no entrypoint ${DECISION_ENTRYPOINT} (has: ${Object.keys(policy.entrypoints ?? {}).join(', ') || 'none'})`);
    }
    policy.setData(data);
    const sha256 = createHash('sha256').update(bundle).digest('hex');
    const entrypoints = policy.entrypoints as Record<string, number>;
    const entrypoint = Number(entrypoints[DECISION_ENTRYPOINT]);
    const personEntrypoint = PERSON_OBLIGATIONS_ENTRYPOINT in entrypoints ? Number(entrypoints[PERSON_OBLIGATIONS_ENTRYPOINT]) : null;
    return { revision: revision ?? manifest.revision ?? sha256.slice(0, 12), sha256, data, policy, wasm, entrypoint, personEntrypoint };
  }

  activate(next: ActivePolicy): void {
    this.active = next;
  }

  get revision(): string | null {
    return this.active?.revision ?? null;
  }

  get guidelines(): unknown {
    return this.active?.data.guidelines;
  }

  isReady(): boolean {
    return this.active !== null;
  }

  /** The policy active now; evaluations that must all use one revision (a batch) hold on to it. */
  current(): ActivePolicy {
    const current = this.active;
    if (!current) throw new PolicyUnavailableError('no policy revision is active');
    return current;
  }

  /** Evaluates on the policy active at call time; a runtime error becomes a deny with sphere.policy_error. */
  evaluate(input: { context?: { now?: string } } & Record<string, unknown>): Evaluation {
    return this.evaluateOn(this.current(), input);
  }

  /** evaluate() on a given (possibly no longer active) policy. */
  evaluateOn(policy: ActivePolicy, input: { context?: { now?: string } } & Record<string, unknown>): Evaluation {
    let result: string;
    try {
      result = this.evaluateText(policy, JSON.stringify(input), evaluationTimeMs(input));
    } catch (err) {
      return PolicyEngine.settle(policy, null, errorMessage(err));
    }
    return PolicyEngine.settle(policy, result, null);
  }

  /** The raw step: the result set (JSON text) for an input given as JSON text and its evaluation time; throws runtime errors. */
  evaluateText(policy: ActivePolicy, inputJson: string, nowMs: number, entrypoint = policy.entrypoint): string {
    this.nowNs = BigInt(nowMs) * 1_000_000n;
    return evaluateJson(policy.policy, inputJson, entrypoint);
  }

  /**
   * The person's open obligations (PERSON_OBLIGATIONS_ENTRYPOINT) for a policy input about them, or why there are none
   * to show: a revision built without that entrypoint, or a runtime error of the policy.
   */
  personObligations(input: { context?: { now?: string } } & Record<string, unknown>): { obligations: Obligation[] } | { unavailable: string } {
    const policy = this.active;
    if (!policy) return { unavailable: 'no policy revision is active' };
    if (policy.personEntrypoint === null) return { unavailable: `policy revision ${policy.revision} has no entrypoint ${PERSON_OBLIGATIONS_ENTRYPOINT}` };
    try {
      const set = JSON.parse(this.evaluateText(policy, JSON.stringify(input), evaluationTimeMs(input), policy.personEntrypoint)) as Array<{ result?: unknown }>;
      const value = set[0]?.result;
      return { obligations: Array.isArray(value) ? value as Obligation[] : [] };
    } catch (err) {
      return { unavailable: `policy error: ${errorMessage(err)}` };
    }
  }

  /** Turns a result set (JSON text) or a runtime error into the evaluation; an invalid result is a policy error too. */
  static settle(policy: ActivePolicy, result: string | null, error: string | null): Evaluation {
    if (result !== null && error === null) {
      try {
        return { decision: asDecision(JSON.parse(result)), revision: policy.revision };
      } catch (err) {
        error = errorMessage(err);
      }
    }
    return { decision: policyErrorDecision(), revision: policy.revision, policyError: error ?? 'no result' };
  }
}
