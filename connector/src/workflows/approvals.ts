// DPO approvals: an `approval` outcome opens a request keyed by a digest of the action; once approved, that exact action passes.
import type { SphereEvent } from '../input/build-input';
import type { StorePort } from '../input/store-port';
import type { NewApproval } from '../store';
import type { PolicyDecision } from '../engine/policy-engine';
import { canonicalJson, sha256Hex } from './canonical';

export function actionDigest(event: SphereEvent): string {
  const { event: name, module, record_id, record, changes, campaign, facts, channel } = event;
  return sha256Hex(canonicalJson({ name, module, record_id, record, changes, campaign, facts, channel, actor: event.actor?.user_id ?? null }));
}

/**
 * The id of the request opened for an action after `earlier` requests for it were decided: connectors on one database
 * that open it at the same moment derive the same id (also when one of them has stored it in between), and the decision
 * log's insert-or-ignore stores it once. UUID layout, version 8 (name-based, SHA-256).
 */
export function approvalRequestId(digest: string, earlier: number): string {
  const h = sha256Hex(`${digest}:${earlier}`);
  const variant = (8 | (parseInt(h[16] as string, 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface ApprovalOutcome {
  decision: PolicyDecision;
  approval: null | (NonNullable<PolicyDecision['approval']> & { request_id: string; status: string });
}

/**
 * Requests that one call's decisions open, by action digest, until they are written together with the decisions' log
 * entries (so a request never exists for a decision that was not logged).
 */
export type OpeningApprovals = Map<string, NewApproval & { id: string }>;

/**
 * The requests of all calls whose log write has not finished yet, by digest: concurrent calls about the same action
 * share one request id, which each of them writes with its own decision (the first write that commits stores it; a
 * later one finds it stored). A request stays known for a moment after its last write, for a call that asked the store
 * just before that write committed.
 */
export class ApprovalsInFlight {
  private readonly open = new Map<string, { request: NewApproval & { id: string }; holders: number; releasedAt: number | null }>();

  constructor(private readonly graceMs = 5_000) {}

  /** The request calls are writing now; with `released`, also one whose writes finished a moment ago. */
  get(digest: string, released = false): (NewApproval & { id: string }) | undefined {
    const entry = this.open.get(digest);
    return entry && (released || entry.releasedAt === null) ? entry.request : undefined;
  }

  /** `opening` (one call's requests) takes part in writing `request`, as opened for its decision `decisionId`. */
  hold(opening: OpeningApprovals, digest: string, request: NewApproval & { id: string }, decisionId: string): void {
    if (opening.has(digest)) return;
    opening.set(digest, { ...request, decisionId });
    const entry = this.open.get(digest);
    if (entry) {
      entry.holders += 1;
      entry.releasedAt = null;
    } else {
      this.open.set(digest, { request, holders: 1, releasedAt: null });
    }
  }

  /** The call's log write finished (stored or failed). */
  release(opening: OpeningApprovals): void {
    const now = Date.now();
    for (const digest of opening.keys()) {
      const entry = this.open.get(digest);
      if (entry && (entry.holders -= 1) === 0) entry.releasedAt = now;
    }
    for (const [digest, entry] of this.open) {
      if (entry.releasedAt !== null && now - entry.releasedAt > this.graceMs) this.open.delete(digest);
    }
  }
}

/**
 * Resolves an approval outcome: an approved digest lets the action pass; otherwise a pending request is reused (stored,
 * or being opened by a concurrent call), or a new one for the decision `decisionId` is added to `opening`.
 */
export async function resolveApproval(store: StorePort, event: SphereEvent, decision: PolicyDecision, now: Date, decisionId: string,
  opening: OpeningApprovals, inFlight: ApprovalsInFlight): Promise<ApprovalOutcome> {
  if (decision.outcome !== 'approval' || !decision.approval) return { decision, approval: null };
  const digest = actionDigest(event);
  const approved = await store.approvals.findByDigest(digest, 'approved');
  if (approved) {
    const outcome = decision.violations.length > 0 ? 'deny' : decision.warnings.length > 0 ? 'warn' : 'allow';
    return { decision: { ...decision, outcome }, approval: { ...decision.approval, request_id: String(approved.id), status: 'approved' } };
  }
  if (event.dry_run) return { decision, approval: { ...decision.approval, request_id: '', status: 'not_requested' } };
  let request = opening.get(digest) ?? inFlight.get(digest);
  if (!request) {
    const stored = await store.approvals.findByDigest(digest, 'pending');
    if (stored) return { decision, approval: { ...decision.approval, request_id: String(stored.id), status: 'pending' } };
    // a concurrent call may have opened one, or stored it while the store was asked; it is reused unless the DPO
    // has decided it since
    const recent = inFlight.get(digest, true);
    const recentStatus = recent && inFlight.get(digest) === undefined ? (await store.approvals.get(recent.id))?.status : undefined;
    request = (recentStatus === undefined || recentStatus === 'pending' ? recent : undefined) ?? {
      id: approvalRequestId(digest, await store.approvals.countDecided(digest)),
      digest,
      decisionId,
      role: decision.approval.role,
      reason: decision.approval.reason,
      event: event.event,
      module: event.module,
      recordId: event.record_id ?? null,
      requestedBy: event.actor?.user_id === undefined ? null : String(event.actor.user_id),
      action: { event: event.event, module: event.module, record_id: event.record_id ?? null, changes: Object.keys(event.changes ?? {}), campaign: event.campaign ?? null },
      createdAt: now,
    };
  }
  inFlight.hold(opening, digest, request, decisionId);
  return { decision, approval: { ...decision.approval, request_id: request.id, status: 'pending' } };
}
