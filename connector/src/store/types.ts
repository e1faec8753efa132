// The store's public contract: record shapes (camelCase; columns are snake_case) and the SphereStore API.
// Timestamps are ISO-8601 UTC strings so they survive both drivers unchanged and hash deterministically.

export type PersonModule = 'Contacts' | 'Leads' | 'Prospects' | 'Accounts';
export type ConsentChannel = 'email' | 'phone' | 'sms' | 'post' | 'any';
export type ConsentStatus = 'given' | 'withdrawn' | 'objected';
export type ConsentMethod = 'double_opt_in' | 'single_opt_in' | 'web_form' | 'written' | 'verbal' | 'social_login' | 'import';

export interface ConsentRecord {
  id: string;
  personModule: string;
  personId: string;
  purpose: string;
  channel: ConsentChannel;
  status: ConsentStatus;
  givenAt: string | null;
  withdrawnAt: string | null;
  expiresAt: string | null;
  method: ConsentMethod | null;
  activeAct: boolean;
  proofRef: string | null;
  proofHash: string | null;
  textVersion: string | null;
  language: string | null;
  source: string | null;
  recordedBy: string | null;
  lastUsedAt: string | null;
  /** For a minor (GDPR Art. 8): where the parent's consent is documented. */
  parentalConsentRef: string | null;
  createdAt: string;
}

export interface ProvenanceRecord {
  id: string;
  personModule: string;
  personId: string;
  field: string;
  sourceType: string;
  sourceRef: string | null;
  method: string | null;
  collectedAt: string | null;
  collectedBy: string | null;
  legalBasis: string | null;
  purpose: string | null;
  informedAt: string | null;
  /** When the person was told, as the data was collected, that they may object to advertising at any time (UWG §7(3) Nr. 4). */
  objectionNoticeAt: string | null;
  /** sha256 of the value collected (valueFingerprint), given as `value` and never stored itself; null when not given. */
  valueHash: string | null;
  createdAt: string;
}

/** Input to `add`: camelCase or snake_case keys; id and createdAt are generated when absent. */
export type NewRecord = Record<string, unknown>;

export interface NewDecision {
  id: string;
  at: string | Date;
  event: string;
  module: string;
  recordId: string | null;
  personModule: string | null;
  personId: string | null;
  outcome: string;
  rules: string[];
  revision: string | null;
  /** Already redacted by the caller; a JsonText is stored as the JSON text it holds. */
  input: unknown;
  decision: unknown;
  actorId: string | null;
}

export interface StoredDecision extends Omit<NewDecision, 'at'> {
  at: string;
  seq: number;
  prevHash: string;
  hash: string;
}

/** What append() reports instead of the stored rows: how many were chained, and the new head (null when nothing was appended). */
export interface AppendSummary {
  count: number;
  lastSeq: number | null;
  lastHash: string | null;
}

/** Consents a logged decision relied on, and when it was decided. */
export interface ConsentUse { ids: string[]; at: string }

/** What logged decisions change besides the log, written in the log's transaction: all of it or nothing. */
export interface LogEffects {
  consentsUsed?: ConsentUse[];
  /** DPO approval requests the decisions opened. */
  approvals?: NewApproval[];
}

/** Decisions validated and chained ahead of their append (see SphereStore['decisions'].draft). */
export interface DecisionDraft {
  /** Validates (as appendMany does, nothing of an invalid call is added) and chains more entries. */
  add(entries: Array<NewDecision | Record<string, unknown>>): void;
  readonly size: number;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; id: string; reason: string };
}

export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

export interface ApprovalRequest {
  id: string;
  digest: string;
  decisionId: string | null;
  event: string | null;
  module: string | null;
  recordId: string | null;
  /** Summary of the action awaiting approval (JSON). */
  summary: unknown;
  role: string;
  reason: unknown;
  requestedBy: string | null;
  status: ApprovalStatus;
  decidedBy: string | null;
  comment: string | null;
  decidedAt: string | null;
  createdAt: string;
}

export interface NewApproval {
  /** Given when the request is named before it is stored: the connector opens it together with the decision's log entry. */
  id?: string;
  digest: string;
  decisionId?: string | null;
  event?: string | null;
  module?: string | null;
  recordId?: string | null;
  summary?: unknown;
  /** Alias of summary used by the connector. */
  action?: unknown;
  role: string;
  reason: unknown;
  requestedBy?: string | null;
  createdAt?: string | Date;
}

/** `approve: true|false`, or `status: 'approved'|'rejected'`; `by`/`decidedBy` names the approver. */
export interface ApprovalVerdict {
  approve?: boolean;
  status?: 'approved' | 'rejected';
  by?: string | null;
  decidedBy?: string | null;
  comment?: string | null;
  decidedAt?: string | Date;
}

export interface PolicyRevision {
  revision: string;
  sha256: string;
  source: Buffer | null;
  bundle: Buffer;
  author: string;
  createdAt: string;
  active: boolean;
}

export interface NewPolicyRevision {
  revision: string;
  sha256: string;
  source: Buffer | null;
  bundle: Buffer;
  author: string;
  createdAt: string | Date;
}

export interface SuiteCrmEmailAddress {
  address: string;
  primary: boolean;
  opt_out: boolean;
  invalid: boolean;
  confirm_opt_in: string;
  confirm_opt_in_date: string | null;
  confirm_opt_in_sent_date: string | null;
}

/** SuiteCRM's own GDPR facts in the policy input's snake_case shape. */
export interface SuiteCrmFacts {
  lawful_basis: string[] | null;
  lawful_basis_source: string | null;
  date_reviewed: string | null;
  do_not_call: boolean | null;
  /** `YYYY-MM-DD`; not part of the policy input (a save carries its own), read when a consent is recorded (GDPR Art. 8). */
  birthdate: string | null;
  email_addresses: SuiteCrmEmailAddress[];
}

/**
 * Sphere's summary fields on a SuiteCRM person record; a field left undefined keeps its stored value, null clears it.
 * Codes and dates only (outcome, event and rule ids, purposes, source types), so they read the same in every language.
 */
export interface SuiteCrmSummary {
  module: string;
  id: string;
  /** `purpose/channel: status[, method]`, one consent after the other */
  consentStatus?: string | null;
  /** where the person's data came from: the newest provenance's source type and reference */
  source?: string | null;
  /** YYYY-MM-DD: when the GDPR Art. 14 notice is due, while it is open */
  art14Due?: string | null;
  /** `YYYY-MM-DD outcome event: rule, rule` */
  lastDecision?: string | null;
}

export interface SphereStore {
  consents: {
    list(module: string, id: string): Promise<ConsentRecord[]>;
    /** list() for many people of one module at once (campaign plans): id → records, every id present. */
    listMany(module: string, ids: string[]): Promise<Map<string, ConsentRecord[]>>;
    /** The consent add() would store, without storing it; throws StoreValidationError as add() does. */
    check(record: NewRecord): ConsentRecord;
    add(record: NewRecord): Promise<ConsentRecord>;
    withdraw(module: string, id: string, consentId: string, at: string | Date): Promise<ConsentRecord | null>;
  };
  provenance: {
    list(module: string, id: string): Promise<ProvenanceRecord[]>;
    listMany(module: string, ids: string[]): Promise<Map<string, ProvenanceRecord[]>>;
    add(record: NewRecord): Promise<ProvenanceRecord>;
    /** Many records (e.g. every field of the rows of an import) in one transaction; nothing is stored if one is invalid. */
    addMany(records: NewRecord[]): Promise<ProvenanceRecord[]>;
  };
  decisions: {
    /** One transaction; chain position assigned here. Accepts `decisionId`/`createdAt` as aliases of `id`/`at`. */
    appendMany(entries: Array<NewDecision | Record<string, unknown>>): Promise<StoredDecision[]>;
    /**
     * appendMany() for writers that do not need the stored rows back (the connector): same checks, chain and
     * transaction, which also writes the decisions' effects.
     */
    append(entries: Array<NewDecision | Record<string, unknown>>, effects?: LogEffects): Promise<AppendSummary>;
    /**
     * For a long batch: entries added to the draft are validated and hashed right away, chained after the head the log
     * has now; appendDraft() writes them in one transaction like append(), chained again if the log moved on meanwhile.
     * It may begin while entries are still being added: given a promise of the effects, it inserts the entries added so
     * far and those added later as they come, then writes the last ones with the effects once the promise resolves —
     * or, if it rejects, nothing. Other appends wait meanwhile, so it waits for the promise at most `waitMs` (default
     * 60 s) and then fails, writing nothing: a batch that does not finish cannot hold every other write.
     */
    draft(options?: { waitMs?: number }): Promise<DecisionDraft>;
    appendDraft(draft: DecisionDraft, effects?: LogEffects | Promise<LogEffects>): Promise<AppendSummary>;
    recentForPerson(module: string, id: string, limit: number): Promise<StoredDecision[]>;
    get(id: string): Promise<StoredDecision | null>;
    verify(): Promise<ChainVerification>;
  };
  approvals: {
    create(request: NewApproval): Promise<ApprovalRequest>;
    /** Throws StoreValidationError, naming every invalid field, for a request create() would refuse. */
    check(request: NewApproval): void;
    get(id: string): Promise<ApprovalRequest | null>;
    list(status?: ApprovalStatus | { status?: ApprovalStatus }): Promise<ApprovalRequest[]>;
    decide(id: string, verdict: ApprovalVerdict): Promise<ApprovalRequest | null>;
    /** The latest approved request, or the oldest pending one, for an action digest. */
    findByDigest(digest: string, status: 'approved' | 'pending'): Promise<ApprovalRequest | null>;
    /** How many requests for an action digest the DPO has decided (approved or rejected). */
    countDecided(digest: string): Promise<number>;
  };
  policyRevisions: {
    /** With `activate`, the revision is stored and made the active one in one transaction (all or nothing). */
    add(revision: NewPolicyRevision, options?: { activate?: boolean }): Promise<PolicyRevision>;
    list(): Promise<Array<Omit<PolicyRevision, 'source' | 'bundle'>>>;
    get(revision: string): Promise<PolicyRevision | null>;
    activate(revision: string): Promise<PolicyRevision>;
    active(): Promise<PolicyRevision | null>;
  };
  /** The summary fields on SuiteCRM's person records (only where the SuiteCrmCustomFields migration added them). */
  suitecrmSummaries: {
    /** Whether any person table has the fields (false on SQLite and on databases without SuiteCRM). */
    available(): Promise<boolean>;
    /** Writes the summaries of people that exist in SuiteCRM (the newest per person wins); returns how many. */
    write(summaries: SuiteCrmSummary[]): Promise<number>;
  };
  /** Nonces of signed requests, claimed durably so a replay is refused across restarts and connector instances. */
  requestNonces: import('./request-nonces').RequestNonceStore;
  /** Aggregates for the DPO's weekly report (read only). */
  reports: import('./report-queries').ReportQueries;
  reportRuns: import('./report-runs').ReportRuns;
  suitecrmFacts(module: string, id: string): Promise<SuiteCrmFacts | null>;
  /** suitecrmFacts for many people of one module; people that do not exist (or are deleted) are absent. */
  suitecrmFactsMany(module: string, ids: string[]): Promise<Map<string, SuiteCrmFacts>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type StoreConfig = { type: 'sqlite'; file: string } | { type: 'mariadb'; url: string };
export interface OpenStoreOptions { migrate?: boolean }
