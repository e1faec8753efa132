// The DPO's weekly report over one ISO week (UTC): decisions, DPO approvals, consents, open GDPR Art. 14 notices and the
// decision log's integrity. Counting is the store's (SQL aggregation); open notices are the active policy's answer. The
// same data is answered as JSON (GET /v1/reports/weekly), printed (`sphere report weekly`) and mailed (report/mailer).
import type { PolicyEngine } from '../engine/policy-engine';
import type { StorePort } from '../input/store-port';
import type { ApprovalCounts, ChainAnchor, ChainVerification, ConsentCounts, DecisionCounts } from '../store';
import { openArt14Notices, type Art14Notices, type Art14Options } from '../report/art14-notices';
import type { IsoWeek } from '../report/iso-week';

export const TOP_RULES = 10;

export interface WeeklyReport {
  week: string;
  /** Monday 00:00 UTC, included */
  from: string;
  /** the next Monday 00:00 UTC, excluded */
  to: string;
  generatedAt: string;
  /** The policy revision whose open obligations the report shows (null: none active). */
  revision: string | null;
  /** Dry runs (inline hints, the pre-check's reason lookups) are left out of every decision figure and counted on their own. */
  decisions: DecisionCounts;
  approvals: ApprovalCounts;
  consents: ConsentCounts;
  art14Notices: Art14Notices;
  logIntegrity: ChainVerification;
  /**
   * The log's last entry before the end of this week and before the end of the previous one. A mailed report keeps its
   * anchor outside the database: next week's report shows the same entry again, and a different hash there means the
   * log up to it was rewritten, even one whose chain was recomputed so that it verifies.
   */
  chainAnchors: { endOfWeek: ChainAnchor | null; endOfPreviousWeek: ChainAnchor | null };
}

export interface WeeklyReportDeps { store: StorePort; engine: PolicyEngine }

export async function buildWeeklyReport(deps: WeeklyReportDeps, week: IsoWeek, now: Date, options: Art14Options = {}): Promise<WeeklyReport> {
  const { store, engine } = deps;
  const range = { from: week.start.toISOString(), to: week.end.toISOString() };
  // One after the other: on SQLite they share one connection anyway, and on MariaDB the report should not take
  // several pool connections from the decisions being served meanwhile.
  const decisions = await store.reports.decisionCounts(range, TOP_RULES);
  const approvals = await store.reports.approvalCounts(range);
  const consents = await store.reports.consentCounts(range);
  const art14Notices = await openArt14Notices(store, engine, now, options);
  const logIntegrity = await store.decisions.verify();
  const chainAnchors = {
    endOfWeek: await store.reports.chainAnchor(range.to),
    endOfPreviousWeek: await store.reports.chainAnchor(range.from),
  };
  return {
    week: week.label, from: range.from, to: range.to, generatedAt: now.toISOString(), revision: engine.revision,
    decisions, approvals, consents, art14Notices, logIntegrity, chainAnchors,
  };
}
