// Aggregates for the DPO's weekly report, computed by the database (GROUP BY) so a week of millions of decisions is never
// loaded into memory. Timestamps are ISO-8601 UTC text and compare lexicographically; a range is [from, to).
import type { Query } from './committed-reads';

export interface TimeRange {
  /** included, ISO-8601 UTC (`2026-11-23T00:00:00.000Z`) */
  from: string;
  /** excluded */
  to: string;
}

export interface CountBy { [key: string]: number }

export interface DecisionCounts {
  /** Logged decisions in the range that are not dry runs. */
  total: number;
  byOutcome: CountBy;
  byEvent: CountBy;
  /** Rules (violations and warnings) named by the most decisions that are not dry runs, each decision counted once. */
  topRules: Array<{ rule: string; count: number }>;
  /** Dry runs (inline hints, the campaign pre-check's reason lookups): logged, but nothing happened; counted here only. */
  dryRuns: { total: number; byOutcome: CountBy };
}

export interface ApprovalCounts {
  /** Pending now, whenever requested. */
  pending: number;
  oldestPendingCreatedAt: string | null;
  /** Requested in the range. */
  requested: number;
  /** Decided in the range. */
  approved: number;
  rejected: number;
}

export interface ConsentCounts {
  /** Consents recorded in the range (created_at), objections not included. */
  given: number;
  /** Consents withdrawn in the range (withdrawn_at). */
  withdrawn: number;
  /** Objections (status objected) recorded in the range. */
  objected: number;
}

export interface PersonRef { module: string; id: string }

/** A decision-log entry whose hash stands for the whole log up to it (each hash covers the one before). */
export interface ChainAnchor { seq: number; hash: string; at: string }

export interface ReportQueries {
  decisionCounts(range: TimeRange, topRules?: number): Promise<DecisionCounts>;
  approvalCounts(range: TimeRange): Promise<ApprovalCounts>;
  consentCounts(range: TimeRange): Promise<ConsentCounts>;
  /**
   * People with at least one provenance row of which they were never told (informed_at IS NULL), the longest-collected
   * first, at most `limit`: the candidates whose open Art. 14 notice the policy then decides.
   */
  uninformedPeople(limit: number): Promise<PersonRef[]>;
  /** The last entry (highest seq) decided before `before` (ISO-8601 UTC), or null when there is none. */
  chainAnchor(before: string): Promise<ChainAnchor | null>;
}

const count = (value: unknown): number => Number(value ?? 0);

/** The rule ids of a stored `rules` column (a JSON array of strings); anything else names none. */
function ruleIds(text: string): string[] {
  try {
    const list: unknown = JSON.parse(text);
    return Array.isArray(list) ? list.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

/** `query` reads only committed data (committed-reads.ts). */
export function reportQueries(query: Query): ReportQueries {
  // The log writes a decision as JSON text that starts with its dry_run flag (workflows/decision-service.ts); a pattern
  // on that text needs no JSON functions (MariaDB before 10.6 and MySQL 5.7 lack JSON_VALUE/JSON_TABLE, and SQLite's
  // json_extract fails on a malformed row). A decision written without the flag is no dry run.
  const DRY_RUN = `(decision LIKE '{"dry_run":true%')`;

  return {
    async decisionCounts(range, topRules = 10) {
      // One scan: a week's decisions fall into few (outcome, event, dry run, rule list) groups; each decision counts
      // once per rule it names.
      const groups: Array<{ outcome: string; event: string; dry: unknown; rules: string; n: unknown }> = await query(
        `SELECT outcome, event, CASE WHEN ${DRY_RUN} THEN 1 ELSE 0 END AS dry, rules, COUNT(*) AS n FROM sphere_decisions
         WHERE at >= ? AND at < ? GROUP BY outcome, event, CASE WHEN ${DRY_RUN} THEN 1 ELSE 0 END, rules`,
        [range.from, range.to]);
      const out: DecisionCounts = { total: 0, byOutcome: {}, byEvent: {}, topRules: [], dryRuns: { total: 0, byOutcome: {} } };
      const byRule = new Map<string, number>();
      for (const g of groups) {
        const n = count(g.n);
        if (count(g.dry) === 1) {
          out.dryRuns.total += n;
          out.dryRuns.byOutcome[g.outcome] = (out.dryRuns.byOutcome[g.outcome] ?? 0) + n;
          continue;
        }
        out.total += n;
        out.byOutcome[g.outcome] = (out.byOutcome[g.outcome] ?? 0) + n;
        out.byEvent[g.event] = (out.byEvent[g.event] ?? 0) + n;
        for (const rule of new Set(ruleIds(g.rules))) byRule.set(rule, (byRule.get(rule) ?? 0) + n);
      }
      out.topRules = [...byRule].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, topRules)
        .map(([rule, n]) => ({ rule, count: n }));
      return out;
    },

    async approvalCounts(range) {
      const [pending]: Array<{ n: unknown; oldest: string | null }> = await query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM sphere_approvals WHERE status = 'pending'");
      const [requested]: Array<{ n: unknown }> = await query(
        'SELECT COUNT(*) AS n FROM sphere_approvals WHERE created_at >= ? AND created_at < ?', [range.from, range.to]);
      const decided: Array<{ status: string; n: unknown }> = await query(
        `SELECT status, COUNT(*) AS n FROM sphere_approvals WHERE status IN ('approved', 'rejected') AND decided_at >= ? AND decided_at < ?
         GROUP BY status`, [range.from, range.to]);
      const of = (status: string): number => count(decided.find((d) => d.status === status)?.n);
      return {
        pending: count(pending?.n), oldestPendingCreatedAt: pending?.oldest ?? null, requested: count(requested?.n),
        approved: of('approved'), rejected: of('rejected'),
      };
    },

    async consentCounts(range) {
      const [row]: Array<{ given: unknown; objected: unknown; withdrawn: unknown }> = await query(
        `SELECT
           SUM(CASE WHEN status <> 'objected' AND created_at >= ? AND created_at < ? THEN 1 ELSE 0 END) AS given,
           SUM(CASE WHEN status = 'objected' AND created_at >= ? AND created_at < ? THEN 1 ELSE 0 END) AS objected,
           SUM(CASE WHEN withdrawn_at >= ? AND withdrawn_at < ? THEN 1 ELSE 0 END) AS withdrawn
         FROM sphere_consents WHERE (created_at >= ? AND created_at < ?) OR (withdrawn_at >= ? AND withdrawn_at < ?)`,
        [range.from, range.to, range.from, range.to, range.from, range.to, range.from, range.to, range.from, range.to]);
      return { given: count(row?.given), withdrawn: count(row?.withdrawn), objected: count(row?.objected) };
    },

    async uninformedPeople(limit) {
      // oldest collection first: when there are more than `limit`, the longest-open notices are the ones checked
      const rows: Array<{ person_module: string; person_id: string }> = await query(
        `SELECT person_module, person_id, MIN(COALESCE(collected_at, created_at)) AS oldest FROM sphere_provenance
         WHERE informed_at IS NULL GROUP BY person_module, person_id ORDER BY oldest, person_module, person_id LIMIT ?`, [limit]);
      return rows.map((r) => ({ module: r.person_module, id: r.person_id }));
    },

    async chainAnchor(before) {
      // backwards from the newest entry along the primary key: only the entries after `before` are read
      const [row]: Array<{ seq: number | string; hash: string; at: string }> = await query(
        'SELECT seq, hash, at FROM sphere_decisions WHERE at < ? ORDER BY seq DESC LIMIT 1', [before]);
      return row ? { seq: Number(row.seq), hash: row.hash, at: row.at } : null;
    },
  };
}
