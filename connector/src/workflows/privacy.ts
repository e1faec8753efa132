// A person's privacy view: consents, provenance per field, open obligations (GDPR Art. 14 notice) and recent decisions.
import { asRow, type StorePort, type Row } from '../input/store-port';

// Sources where the person gave the data themselves need no Art. 14 notice (Art. 13 applies at collection).
const DIRECT_SOURCES = new Set(['data_subject', 'direct', 'self', 'web_form', 'web_to_person']);
const DEFAULT_NOTICE_DAYS = 30;

function noticeDays(guidelines: unknown): number {
  const g = guidelines as { art14_notice_days?: unknown; art14?: { deadline_days?: unknown }; deadlines?: { art14_notice_days?: unknown } } | undefined;
  const v = g?.art14_notice_days ?? g?.art14?.deadline_days ?? g?.deadlines?.art14_notice_days;
  return typeof v === 'number' && v > 0 ? v : DEFAULT_NOTICE_DAYS;
}

export function art14Obligations(provenance: Row[], guidelines: unknown): Array<Record<string, unknown>> {
  const days = noticeDays(guidelines);
  const uninformed = provenance.filter((p) => !(p.informed_at ?? p.informedAt) && !DIRECT_SOURCES.has(String(p.source_type ?? p.sourceType)));
  if (uninformed.length === 0) return [];
  const earliest = Math.min(...uninformed.map((p) => Date.parse(String(p.collected_at ?? p.collectedAt ?? new Date().toISOString()))));
  return [{
    id: 'gdpr.art14_notice',
    message: {
      de: `Die Person muss innerhalb von ${days} Tagen über die Herkunft ihrer Daten informiert werden.`,
      en: `The person must be informed about the source of their data within ${days} days.`,
    },
    legal_basis: ['GDPR Art. 14(3)(a)'],
    due: new Date(earliest + days * 86_400_000).toISOString().slice(0, 10),
    fields: [...new Set(uninformed.map((p) => String(p.field)))],
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
