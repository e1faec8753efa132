// DPO approvals: an `approval` outcome opens a request keyed by a digest of the action; once approved, that exact action passes.
import type { SphereEvent } from '../input/build-input';
import { randomUUID } from 'node:crypto';
import type { StorePort } from '../input/store-port';
import type { NewApproval } from '../store';
import type { PolicyDecision } from '../engine/policy-engine';
import { canonicalJson, sha256Hex } from './canonical';

export function actionDigest(event: SphereEvent): string {
  const { event: name, module, record_id, record, changes, campaign, facts, channel } = event;
  return sha256Hex(canonicalJson({ name, module, record_id, record, changes, campaign, facts, channel, actor: event.actor?.user_id ?? null }));
}

export interface ApprovalOutcome {
  decision: PolicyDecision;
  approval: null | (NonNullable<PolicyDecision['approval']> & { request_id: string; status: string });
}

/**
 * Requests that decisions open, by action digest, until they are written together with the decisions' log entries
 * (so a request never exists for a decision that was not logged).
 */
export type OpeningApprovals = Map<string, NewApproval & { id: string }>;

/**
 * Resolves an approval outcome: an approved digest lets the action pass; otherwise a pending request is reused, or a
 * new one for the decision `decisionId` is added to `opening`.
 */
export async function resolveApproval(store: StorePort, event: SphereEvent, decision: PolicyDecision, now: Date, decisionId: string,
  opening: OpeningApprovals): Promise<ApprovalOutcome> {
  if (decision.outcome !== 'approval' || !decision.approval) return { decision, approval: null };
  const digest = actionDigest(event);
  const approved = await store.approvals.findByDigest(digest, 'approved');
  if (approved) {
    const outcome = decision.violations.length > 0 ? 'deny' : decision.warnings.length > 0 ? 'warn' : 'allow';
    return { decision: { ...decision, outcome }, approval: { ...decision.approval, request_id: String(approved.id), status: 'approved' } };
  }
  if (event.dry_run) return { decision, approval: { ...decision.approval, request_id: '', status: 'not_requested' } };
  const pending = opening.get(digest) ?? await store.approvals.findByDigest(digest, 'pending');
  const requestId = pending ? String(pending.id) : randomUUID();
  if (!pending) {
    opening.set(digest, {
      id: requestId,
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
    });
  }
  return { decision, approval: { ...decision.approval, request_id: requestId, status: 'pending' } };
}
