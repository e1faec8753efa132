// A person's privacy view: consents, provenance per field, open obligations (GDPR Art. 14 notice) and recent decisions.
import { asRow, type StorePort, type Row } from '../input/store-port';

// Sources where the person gave the data themselves need no Art. 14 notice (Art. 13 applies at collection). Used when
// the policy's guidelines do not name them (direct_sources).
const DEFAULT_DIRECT_SOURCES = ['data_subject', 'direct', 'self', 'web_form', 'web_to_person'];
const DEFAULT_NOTICE_DAYS = 30;

function noticeDays(guidelines: unknown): number {
  const g = guidelines as { art14_notice_days?: unknown; art14?: { deadline_days?: unknown }; deadlines?: { art14_notice_days?: unknown } } | undefined;
  const v = g?.art14_notice_days ?? g?.art14?.deadline_days ?? g?.deadlines?.art14_notice_days;
  return typeof v === 'number' && v > 0 ? v : DEFAULT_NOTICE_DAYS;
}

function directSources(guidelines: unknown): Set<string> {
  const v = (guidelines as { direct_sources?: unknown } | undefined)?.direct_sources;
  return new Set(Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : DEFAULT_DIRECT_SOURCES);
}

/** The same day and time one calendar month later, on the month's last day where it is shorter (31 Jan → 28 Feb). */
function oneMonthLater(from: Date): Date {
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay), from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()));
}

/** Art. 14(3)(a): within a reasonable period (the guideline's days), at the latest within one month of collection. */
function noticeDue(collectedAt: number, days: number): number {
  return Math.min(collectedAt + days * 86_400_000, oneMonthLater(new Date(collectedAt)).getTime());
}

/**
 * When a row's data was collected. A row without collected_at counts from when it was recorded, so its due date is
 * fixed rather than moving on with the clock.
 */
function collectedAt(p: Row): number {
  return Date.parse(String(p.collected_at ?? p.collectedAt ?? p.created_at ?? p.createdAt));
}

/** The newest row of each field: it says how the field's current value came in and whether the person was told. */
function newestPerField(provenance: Row[]): Row[] {
  const newest = new Map<string, Row>();
  for (const p of provenance) newest.set(String(p.field), p); // provenance comes oldest first
  return [...newest.values()];
}

/** The open Art. 14 notice of a person, given their provenance rows oldest first (as the store lists them). */
export function art14Obligations(provenance: Row[], guidelines: unknown): Array<Record<string, unknown>> {
  const days = noticeDays(guidelines);
  const direct = directSources(guidelines);
  const uninformed = newestPerField(provenance).filter((p) => !(p.informed_at ?? p.informedAt) && !direct.has(String(p.source_type ?? p.sourceType)));
  if (uninformed.length === 0) return [];
  const due = Math.min(...uninformed.map((p) => noticeDue(collectedAt(p), days)));
  return [{
    id: 'gdpr.art14_notice',
    message: {
      de: `Die Person muss innerhalb von ${days} Tagen, spätestens nach einem Monat, über die Herkunft ihrer Daten informiert werden.`,
      en: `The person must be informed about the source of their data within ${days} days, at the latest within one month.`,
    },
    legal_basis: ['GDPR Art. 14(3)(a)'],
    due: new Date(due).toISOString().slice(0, 10),
    fields: uninformed.map((p) => String(p.field)),
  }];
}

export async function privacyView(store: StorePort, module: string, id: string, guidelines: unknown): Promise<Record<string, unknown>> {
  const [consents, provenanceRecords, decisions] = await Promise.all([
    store.consents.list(module, id), store.provenance.list(module, id), store.decisions.recentForPerson(module, id, 20),
  ]);
  const provenance = provenanceRecords.map(asRow);
  const byField: Record<string, Row[]> = {};
  for (const p of provenance) (byField[String(p.field)] ??= []).push(p);
  return {
    person: { module, id },
    consents: consents.filter((c) => c.status !== 'objected'),
    objections: consents.filter((c) => c.status === 'objected'),
    provenance: byField,
    obligations: art14Obligations(provenance, guidelines),
    recent_decisions: decisions,
  };
}
