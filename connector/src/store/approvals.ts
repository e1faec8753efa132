// DPO approval requests: created when a decision asks for approval, decided once, looked up by the action's digest.
import { In, type DataSource } from 'typeorm';
import { ApprovalEntity, type ApprovalRow } from './entities';
import { FieldReader, StoreConflictError } from './validate';
import type { ApprovalRequest, ApprovalStatus, NewApproval, SphereStore } from './types';
import { newRecordId } from './record-id';
import type { Writes } from './write-queue';

const STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected'];

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const toRequest = (row: ApprovalRow): ApprovalRequest => ({ ...row, summary: parse(row.summary), reason: parse(row.reason) });

/** A new, pending request as stored; throws StoreValidationError naming every invalid field. */
export function approvalRow(request: NewApproval): ApprovalRow {
  const f = new FieldReader('approval', request as unknown as Record<string, unknown>);
  const row: ApprovalRow = {
    id: f.string('id', { max: 36 }) ?? newRecordId(),
    digest: f.string('digest', { required: true, max: 64 }) ?? '',
    decisionId: f.string('decisionId', { max: 36 }),
    event: f.string('event', { max: 32 }),
    module: f.string('module', { max: 32 }),
    recordId: f.string('recordId', { max: 64 }),
    summary: JSON.stringify(request.summary ?? request.action ?? null),
    role: f.string('role', { required: true, max: 32 }) ?? '',
    reason: JSON.stringify(request.reason ?? null),
    requestedBy: f.string('requestedBy', { max: 100 }),
    status: 'pending',
    decidedBy: null,
    comment: null,
    decidedAt: null,
    createdAt: f.timestamp('createdAt') ?? new Date().toISOString(),
  };
  f.done();
  return row;
}

export function approvalStore(ds: DataSource, writes: Writes): SphereStore['approvals'] {
  const repo = ds.getRepository(ApprovalEntity);
  const get = async (id: string): Promise<ApprovalRequest | null> => {
    const row = await repo.findOneBy({ id });
    return row ? toRequest(row) : null;
  };
  return {
    check(request) {
      approvalRow(request);
    },
    create: (request) => writes(async () => {
      const row = approvalRow(request);
      await repo.insert(row);
      return toRequest(row);
    }),
    get,
    async list(filter) {
      const status = typeof filter === 'string' ? filter : filter?.status;
      if (status !== undefined && !STATUSES.includes(status)) throw new Error(`invalid approval status filter: ${JSON.stringify(status)} (use ${STATUSES.join(', ')})`);
      const rows = await repo.find({ where: status ? { status } : {}, order: { createdAt: 'ASC', id: 'ASC' } });
      return rows.map(toRequest);
    },
    decide: (id, verdict) => writes(async () => {
      const f = new FieldReader('approval verdict', verdict as unknown as Record<string, unknown>);
      const status = verdict.approve !== undefined ? (f.boolean('approve', false) ? 'approved' : 'rejected') : f.oneOf('status', ['approved', 'rejected'] as const, { required: true });
      const decidedAt = f.timestamp('decidedAt') ?? new Date().toISOString();
      const decidedBy = verdict.by ?? verdict.decidedBy ?? null;
      const comment = f.string('comment', { max: 10_000 });
      f.done();
      const result = await repo.update({ id, status: 'pending' }, { status: status ?? 'rejected', decidedBy, comment, decidedAt });
      if (!result.affected) {
        const existing = await get(id);
        if (existing) throw new StoreConflictError('already_decided', `approval request ${id} is already ${existing.status}`);
        return null;
      }
      return get(id);
    }),
    async findByDigest(digest, status) {
      // the approval that counts is the latest decision; a pending request is the first one opened
      const order = status === 'approved' ? { decidedAt: 'DESC' as const } : { createdAt: 'ASC' as const, id: 'ASC' as const };
      const row = await repo.findOne({ where: { digest, status }, order });
      return row ? toRequest(row) : null;
    },
    countDecided(digest) {
      return repo.countBy({ digest, status: In(['approved', 'rejected']) });
    },
  };
}
