// Open GDPR Art. 14 notices for the weekly report, as the ACTIVE policy sees them (sphere/person_obligations): the store
// only preselects people with provenance of which they were never told; whether a notice is open and when it is due is
// the policy's answer, so the report follows the legal team's pack like the privacy view does.
import type { PolicyEngine } from '../engine/policy-engine';
import { loadPersonFactsMany } from '../input/build-input';
import type { StorePort } from '../input/store-port';
import type { PersonRef } from '../store';
import { ART14_NOTICE } from '../workflows/crm-summary';
import { personObligations } from '../workflows/privacy';
import { addDays, dayOf } from './iso-week';

export interface OpenNotice { module: string; id: string; due: string | null; fields: string[] }
export interface NoticeList { count: number; people: OpenNotice[] }

export type Art14Notices =
  | {
    available: true;
    /** The day overdue and upcoming are counted from (`YYYY-MM-DD`, UTC). */
    asOf: string;
    /** People with uninformed provenance the policy was asked about. */
    candidatesChecked: number;
    /** Set when there were more candidates than the report checks: the counts are then lower bounds. */
    candidatesCut: { limit: number } | null;
    /** Due before asOf. */
    overdue: NoticeList;
    /** Due on asOf or within the following days. */
    dueSoon: NoticeList & { days: number };
  }
  | { available: false; asOf: string; reason: string };

export interface Art14Options {
  /** At most this many candidate people are evaluated per report. */
  maxPeople?: number;
  /** At most this many people are listed per list (the counts cover all). */
  listLimit?: number;
  /** "Due soon" window in days. */
  soonDays?: number;
}

const CHUNK = 500;

/** Lists by due date, then module and id, so the report reads the same on every run. */
const byDue = (a: OpenNotice, b: OpenNotice): number =>
  (a.due ?? '').localeCompare(b.due ?? '') || a.module.localeCompare(b.module) || a.id.localeCompare(b.id);

export async function openArt14Notices(store: StorePort, engine: PolicyEngine, now: Date, options: Art14Options = {}): Promise<Art14Notices> {
  const { maxPeople = 5000, listLimit = 50, soonDays = 7 } = options;
  const asOf = dayOf(now);
  // Ask the policy once about nobody: a revision that cannot tell is reported as such, not as "nothing open".
  const probe = personObligations(engine, 'Contacts', 'weekly-report-probe', { consents: [], provenance: [], suitecrm: null }, now);
  if ('unavailable' in probe) return { available: false, asOf, reason: probe.unavailable };

  const candidates = await store.reports.uninformedPeople(maxPeople + 1);
  const cut = candidates.length > maxPeople;
  const checked = candidates.slice(0, maxPeople);
  const soonEnd = addDays(asOf, soonDays);
  const overdue: OpenNotice[] = [];
  const dueSoon: OpenNotice[] = [];

  for (const [module, ids] of groupByModule(checked)) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const facts = await loadPersonFactsMany(store, module, ids.slice(i, i + CHUNK));
      for (const [id, personFacts] of facts) {
        const open = personObligations(engine, module, id, personFacts, now);
        if ('unavailable' in open) return { available: false, asOf, reason: open.unavailable };
        const notice = open.obligations.find((o) => o.id === ART14_NOTICE);
        if (!notice) continue;
        const entry: OpenNotice = { module, id, due: notice.due, fields: notice.fields };
        // A notice without due date cannot be late yet; it is listed as due soon so it is not lost.
        if (notice.due !== null && notice.due < asOf) overdue.push(entry);
        else if (notice.due === null || notice.due < soonEnd) dueSoon.push(entry);
      }
      // a chunk's evaluations run on the thread that serves the decisions: let waiting requests through in between
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  overdue.sort(byDue);
  dueSoon.sort(byDue);
  return {
    available: true, asOf, candidatesChecked: checked.length, candidatesCut: cut ? { limit: maxPeople } : null,
    overdue: { count: overdue.length, people: overdue.slice(0, listLimit) },
    dueSoon: { count: dueSoon.length, days: soonDays, people: dueSoon.slice(0, listLimit) },
  };
}

function groupByModule(people: PersonRef[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of people) {
    const ids = out.get(p.module) ?? [];
    ids.push(p.id);
    out.set(p.module, ids);
  }
  return out;
}
