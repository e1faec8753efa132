// TypeORM entity schemas (no decorators: the code runs through ts-node transpile-only).
// Timestamps are ISO-8601 strings in varchar columns: identical on SQLite and MariaDB and stable for hashing.
import { EntitySchema } from 'typeorm';
import type { ApprovalRequest, ConsentRecord, ProvenanceRecord } from './types';

const iso = { type: 'varchar', length: 32, nullable: true } as const;
const ref = (length: number) => ({ type: 'varchar', length, nullable: true }) as const;

export type ConsentRow = ConsentRecord;
export type ProvenanceRow = ProvenanceRecord;
export interface ApprovalRow extends Omit<ApprovalRequest, 'summary' | 'reason'> { summary: string | null; reason: string }
export interface PolicyRevisionRow {
  revision: string; sha256: string; source: Buffer | null; bundle: Buffer; author: string; createdAt: string; active: boolean;
}
export interface DecisionRow {
  seq: number | string; id: string; at: string; event: string; module: string; recordId: string | null;
  personModule: string | null; personId: string | null; outcome: string; rules: string; revision: string | null;
  input: string; decision: string; actorId: string | null; prevHash: string; hash: string;
}

export const ConsentEntity = new EntitySchema<ConsentRow>({
  name: 'Consent',
  tableName: 'sphere_consents',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    personModule: { name: 'person_module', type: 'varchar', length: 32 },
    personId: { name: 'person_id', type: 'varchar', length: 64 },
    purpose: { type: 'varchar', length: 100 },
    channel: { type: 'varchar', length: 16 },
    status: { type: 'varchar', length: 16 },
    givenAt: { name: 'given_at', ...iso },
    withdrawnAt: { name: 'withdrawn_at', ...iso },
    expiresAt: { name: 'expires_at', ...iso },
    method: { ...ref(32) },
    activeAct: { name: 'active_act', type: 'boolean', default: false },
    proofRef: { name: 'proof_ref', ...ref(255) },
    proofHash: { name: 'proof_hash', ...ref(128) },
    textVersion: { name: 'text_version', ...ref(100) },
    language: { ...ref(16) },
    source: { ...ref(255) },
    recordedBy: { name: 'recorded_by', ...ref(100) },
    lastUsedAt: { name: 'last_used_at', ...iso },
    parentalConsentRef: { name: 'parental_consent_ref', ...ref(255) },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
  },
});

export const ProvenanceEntity = new EntitySchema<ProvenanceRow>({
  name: 'Provenance',
  tableName: 'sphere_provenance',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    personModule: { name: 'person_module', type: 'varchar', length: 32 },
    personId: { name: 'person_id', type: 'varchar', length: 64 },
    field: { type: 'varchar', length: 100 },
    sourceType: { name: 'source_type', type: 'varchar', length: 64 },
    sourceRef: { name: 'source_ref', ...ref(255) },
    method: { ...ref(64) },
    collectedAt: { name: 'collected_at', ...iso },
    collectedBy: { name: 'collected_by', ...ref(100) },
    legalBasis: { name: 'legal_basis', ...ref(255) },
    purpose: { ...ref(100) },
    informedAt: { name: 'informed_at', ...iso },
    objectionNoticeAt: { name: 'objection_notice_at', ...iso },
    valueHash: { name: 'value_hash', ...ref(64) },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
  },
});

export const ApprovalEntity = new EntitySchema<ApprovalRow>({
  name: 'Approval',
  tableName: 'sphere_approvals',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    digest: { type: 'varchar', length: 64 },
    decisionId: { name: 'decision_id', ...ref(36) },
    event: { ...ref(32) },
    module: { ...ref(32) },
    recordId: { name: 'record_id', ...ref(64) },
    summary: { type: 'text', nullable: true },
    role: { type: 'varchar', length: 32 },
    reason: { type: 'text' },
    requestedBy: { name: 'requested_by', ...ref(100) },
    status: { type: 'varchar', length: 16 },
    decidedBy: { name: 'decided_by', ...ref(100) },
    comment: { type: 'text', nullable: true },
    decidedAt: { name: 'decided_at', ...iso },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
  },
});

export const PolicyRevisionEntity = new EntitySchema<PolicyRevisionRow>({
  name: 'PolicyRevision',
  tableName: 'sphere_policy_revisions',
  columns: {
    revision: { type: 'varchar', length: 128, primary: true },
    sha256: { type: 'varchar', length: 64 },
    source: { type: 'blob', nullable: true },
    bundle: { type: 'blob' },
    author: { type: 'varchar', length: 100 },
    createdAt: { name: 'created_at', type: 'varchar', length: 32 },
    active: { type: 'boolean', default: false },
  },
});

export const DecisionEntity = new EntitySchema<DecisionRow>({
  name: 'Decision',
  tableName: 'sphere_decisions',
  columns: {
    seq: { type: 'bigint', primary: true },
    id: { type: 'varchar', length: 36, unique: true },
    at: { type: 'varchar', length: 32 },
    event: { type: 'varchar', length: 32 },
    module: { type: 'varchar', length: 32 },
    recordId: { name: 'record_id', ...ref(64) },
    personModule: { name: 'person_module', ...ref(32) },
    personId: { name: 'person_id', ...ref(64) },
    outcome: { type: 'varchar', length: 16 },
    rules: { type: 'text' },
    revision: { ...ref(128) },
    input: { type: 'text' },
    decision: { type: 'text' },
    actorId: { name: 'actor_id', ...ref(64) },
    prevHash: { name: 'prev_hash', type: 'varchar', length: 64 },
    hash: { type: 'varchar', length: 64 },
  },
});

export const ENTITIES = [ConsentEntity, ProvenanceEntity, ApprovalEntity, PolicyRevisionEntity, DecisionEntity];
