// Input builder: turns a SuiteCRM event plus the person's stored facts into the policy input of the contract.
import { asRow, type Row, type StorePort } from './store-port';
import { decodeMultienum } from '../store/suitecrm-facts';
import { valueFingerprint, type SuiteCrmFacts } from '../store';

export interface SphereEvent {
  event: string;
  module: string;
  record_id?: string;
  record?: Record<string, unknown>;
  changes?: Record<string, { before: unknown; after: unknown }>;
  email_addresses?: Array<Record<string, unknown>>;
  actor?: Record<string, unknown>;
  channel?: string;
  campaign?: Record<string, unknown>;
  recipients?: Array<{ module: string; id: string; facts?: Record<string, unknown>; email_addresses?: Array<Record<string, unknown>> }>;
  facts?: Record<string, unknown>;
  dry_run?: boolean;
  request_id?: string;
}

export interface PersonFacts {
  consents: Row[];
  provenance: Row[];
  suitecrm: Awaited<ReturnType<StorePort['suitecrmFacts']>>;
}

const PERSON_MODULES_WITH_LAWFUL_BASIS = new Set(['Contacts', 'Leads', 'Prospects']);
const WRITING_EVENTS = new Set(['record.save', 'record.import']);

export async function loadPersonFacts(store: StorePort, module: string, id: string | undefined): Promise<PersonFacts> {
  if (!id) return { consents: [], provenance: [], suitecrm: null };
  const [consents, provenance, suitecrm] = await Promise.all([
    store.consents.list(module, id), store.provenance.list(module, id), store.suitecrmFacts(module, id),
  ]);
  return { consents: consents.map(asRow), provenance: provenance.map(asRow), suitecrm };
}

/** loadPersonFacts for many people of one module: consents, provenance and SuiteCRM's facts in bulk queries. */
export async function loadPersonFactsMany(store: StorePort, module: string, ids: string[]): Promise<Map<string, PersonFacts>> {
  const [consents, provenance, suitecrm] = await Promise.all([
    store.consents.listMany(module, ids), store.provenance.listMany(module, ids), store.suitecrmFactsMany(module, ids),
  ]);
  const out = new Map<string, PersonFacts>();
  for (const id of new Set(ids)) {
    out.set(id, { consents: (consents.get(id) ?? []).map(asRow), provenance: (provenance.get(id) ?? []).map(asRow), suitecrm: suitecrm.get(id) ?? null });
  }
  return out;
}

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : v === undefined || v === null ? null : String(v));

function consentView(c: Row): Record<string, unknown> {
  const keys = ['id', 'purpose', 'channel', 'status', 'method', 'active_act', 'proof_ref', 'proof_hash', 'text_version', 'language', 'source', 'recorded_by'];
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = c[k] ?? c[camel(k)] ?? null;
  for (const k of ['given_at', 'withdrawn_at', 'expires_at', 'last_used_at']) out[k] = iso(c[k] ?? c[camel(k)]);
  return out;
}

function camel(snake: string): string {
  return snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The newest provenance row per field. `describes_current_value` says whether the field still holds the value the row
 * was recorded for: true or false when the row has its fingerprint and the current value is known, null otherwise.
 */
function provenanceView(rows: Row[], currentValue: (field: string) => string | null): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const p of rows) {
    const field = String(p.field ?? '');
    if (!field) continue;
    const view: Record<string, unknown> = {};
    for (const k of ['source_type', 'source_ref', 'method', 'collected_by', 'legal_basis', 'purpose']) view[k] = p[k] ?? p[camel(k)] ?? null;
    for (const k of ['collected_at', 'informed_at', 'objection_notice_at']) view[k] = iso(p[k] ?? p[camel(k)]);
    // a row stored without its collection time was collected at the latest when it was recorded: deadlines stay fixed
    view.collected_at ??= iso(p.created_at ?? p.createdAt);
    const recorded = p.value_hash ?? p.valueHash;
    const current = typeof recorded === 'string' ? currentValue(field) : null;
    view.describes_current_value = typeof recorded === 'string' && current !== null ? valueFingerprint(field, current) === recorded : null;
    out[field] = view; // the store lists oldest first, so the newest row per field wins
  }
  return out;
}

/**
 * What a field holds as far as this decision knows: email1 is the address a campaign e-mail goes to (the primary one,
 * else the first, as the policies' mailed_address), any other field its value in the event's record.
 */
function currentValueOf(record: Record<string, unknown>, emails: ReadonlyArray<{ address?: unknown; primary?: unknown }>) {
  return (field: string): string | null => {
    const address = field === 'email1' ? (emails.find((a) => a.primary === true) ?? emails[0])?.address : undefined;
    const value = address ?? record[field];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
}

/** Businesses are Accounts or people flagged as such by the plugin; everyone else is treated as a consumer (stricter rules). */
function personType(event: SphereEvent): 'consumer' | 'business' {
  const declared = event.facts?.person_type;
  if (declared === 'business' || declared === 'consumer') return declared;
  return event.module === 'Accounts' ? 'business' : 'consumer';
}

export function buildPolicyInput(event: SphereEvent, facts: PersonFacts, now: Date, revision: string | null): Record<string, unknown> {
  const s = facts.suitecrm;
  const rec = event.record ?? {};
  // A save or import carries the values being written, which the database does not hold yet; other events are about
  // the stored person, whose record in the event may be stale.
  const writing = WRITING_EVENTS.has(event.event);
  const pick = (key: keyof SuiteCrmFacts): unknown => {
    const saved = PERSON_MODULES_WITH_LAWFUL_BASIS.has(event.module) ? rec[key] : undefined;
    const stored = s?.[key];
    return (writing ? saved ?? stored : stored ?? saved) ?? null;
  };
  const lawfulBasis = pick('lawful_basis');
  const doNotCall = pick('do_not_call');
  const storedEmails = s?.email_addresses && s.email_addresses.length > 0 ? s.email_addresses : null;
  const sentEmails = event.email_addresses && event.email_addresses.length > 0 ? event.email_addresses : null;
  const emails = (writing ? sentEmails ?? storedEmails : storedEmails ?? sentEmails) ?? [];
  const consents = facts.consents.filter((c) => c.status !== 'objected').map(consentView);
  const objections = facts.consents.filter((c) => c.status === 'objected').map((c) => ({
    id: c.id ?? null, purpose: c.purpose ?? null, channel: c.channel ?? null, received_at: iso(c.given_at ?? c.givenAt ?? c.created_at),
  }));
  return {
    event: event.event,
    module: event.module,
    record: rec,
    changes: event.changes ?? {},
    actor: event.actor ?? {},
    channel: event.channel ?? 'ui',
    campaign: event.campaign ?? null,
    facts: event.facts ?? {},
    dry_run: event.dry_run ?? false,
    person: {
      module: event.module,
      id: event.record_id ?? null,
      type: personType(event),
      lawful_basis: typeof lawfulBasis === 'string' ? decodeMultienum(lawfulBasis) : lawfulBasis,
      lawful_basis_source: pick('lawful_basis_source'),
      date_reviewed: pick('date_reviewed'),
      do_not_call: doNotCall === true || doNotCall === 1 || doNotCall === '1',
      email_addresses: emails,
      consents,
      objections,
      provenance: provenanceView(facts.provenance, currentValueOf(rec, emails)),
    },
    context: { now: now.toISOString(), revision },
  };
}
