// The slice of the store helper's SphereStore (connector/src/store) that the connector consumes, typed structurally
// so the API depends on the agreed contract rather than on the store's internals.
export type Row = Record<string, unknown>;

export interface SuiteCrmFactsView {
  lawful_basis?: unknown;
  lawful_basis_source?: unknown;
  date_reviewed?: unknown;
  do_not_call?: unknown;
  email_addresses?: unknown[];
  type?: unknown;
}

export interface StoredDecisionView { seq?: number; id?: string; [k: string]: unknown }

export interface StorePort {
  consents: {
    list(module: string, id: string): Promise<Row[]>;
    add(record: Row): Promise<Row>;
    withdraw(module: string, id: string, consentId: string, at: Date | string): Promise<Row | null | undefined>;
  };
  provenance: {
    list(module: string, id: string): Promise<Row[]>;
    add(record: Row): Promise<Row>;
  };
  decisions: {
    appendMany(entries: Row[]): Promise<StoredDecisionView[]>;
    recentForPerson(module: string, id: string, limit: number): Promise<Row[]>;
    verify(): Promise<{ ok: boolean; checked: number; firstBroken?: { seq: number; id: string; reason: string } }>;
  };
  approvals: {
    create(request: Row): Promise<Row>;
    get(id: string): Promise<Row | null | undefined>;
    list(filter?: Row): Promise<Row[]>;
    decide(id: string, decision: Row): Promise<Row | null | undefined>;
    findApprovedByDigest(digest: string): Promise<Row | null | undefined>;
  };
  policyRevisions: {
    add(rev: { revision: string; sha256: string; source: Buffer | null; bundle: Buffer; author: string; createdAt: Date }): Promise<unknown>;
    list(): Promise<Row[]>;
    get(rev: string): Promise<(Row & { bundle?: Buffer | Uint8Array }) | null | undefined>;
    activate(rev: string): Promise<unknown>;
    active(): Promise<(Row & { revision?: string; bundle?: Buffer | Uint8Array }) | null | undefined>;
  };
  suitecrmFacts(module: string, id: string): Promise<SuiteCrmFactsView | null>;
  ping(): Promise<unknown>;
  close(): Promise<void>;
}
