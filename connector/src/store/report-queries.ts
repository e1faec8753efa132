// Aggregates for the DPO's weekly report, computed by the database (GROUP BY) so a week of millions of decisions is never
// loaded into memory. Timestamps are ISO-8601 UTC text and compare lexicographically; a range is [from, to).
import type { DataSource } from 'typeorm';

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
  /** Rules named most often (violations and warnings) by decisions that are not dry runs, most frequent first. */
  topRules: Array<{ rule: string; count: number }>;
  /** Dry runs (inline hints, mailing plans): logged, but nothing happened; counted here only. */
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

export interface ReportQueries {
  decisionCounts(range: TimeRange, topRules?: number): Promise<DecisionCounts>;
  approvalCounts(range: TimeRange): Promise<ApprovalCounts>;
  consentCounts(range: TimeRange): Promise<ConsentCounts>;
  /**
   * People with at least one provenance row of which they were never told (informed_at IS NULL), ordered by module and
   * id, at most `limit`: the candidates whose open Art. 14 notice the policy then decides.
   */
  uninformedPeople(limit: number): Promise<PersonRef[]>;
}

const count = (value: unknown): number => Number(value ?? 0);

export function reportQueries(ds: DataSource): ReportQueries {
  const mysql = ['mysql', 'mariadb'].includes(ds.options.type);
  // The log writes JSON `true` for a dry run; SQLite's json_extract gives 1 for it, JSON_VALUE the text '1' on MariaDB
  // (10.11) and 'true' on MySQL.
  // A decision without the key (written by other tools) is no dry run, not NULL, which NOT would drop.
  const dryRun = (column: string): string => (mysql ? `(COALESCE(JSON_VALUE(${column}, '$.dry_run'), '') IN ('1', 'true'))` : `(COALESCE(json_extract(${column}, '$.dry_run'), 0) = 1)`);
  // One row per rule id a decision names: json_each on SQLite, JSON_TABLE on MariaDB (10.6+) and MySQL 8.
  const rulesOf = mysql
    ? "JSON_TABLE(d.rules, '$[*]' COLUMNS (rule VARCHAR(255) PATH '$')) AS r"
    : 'json_each(d.rules) AS r';
  const ruleColumn = mysql ? 'r.rule' : 'r.value';

  return {
    async decisionCounts(range, topRules = 10) {
      const groups: Array<{ outcome: string; event: string; dry: unknown; n: unknown }> = await ds.query(
        `SELECT outcome, event, CASE WHEN ${dryRun('decision')} THEN 1 ELSE 0 END AS dry, COUNT(*) AS n FROM sphere_decisions
         WHERE at >= ? AND at < ? GROUP BY outcome, event, CASE WHEN ${dryRun('decision')} THEN 1 ELSE 0 END`,
        [range.from, range.to]);
      const out: DecisionCounts = { total: 0, byOutcome: {}, byEvent: {}, topRules: [], dryRuns: { total: 0, byOutcome: {} } };
      for (const g of groups) {
        const n = count(g.n);
        if (count(g.dry) === 1) {
          out.dryRuns.total += n;
          out.dryRuns.byOutcome[g.outcome] = (out.dryRuns.byOutcome[g.outcome] ?? 0) + n;
        } else {
          out.total += n;
          out.byOutcome[g.outcome] = (out.byOutcome[g.outcome] ?? 0) + n;
          out.byEvent[g.event] = (out.byEvent[g.event] ?? 0) + n;
        }
      }
      const rules: Array<{ rule: string; n: unknown }> = await ds.query(
        `SELECT ${ruleColumn} AS rule, COUNT(*) AS n FROM sphere_decisions d, ${rulesOf}
         WHERE d.at >= ? AND d.at < ? AND NOT ${dryRun('d.decision')}
         GROUP BY ${ruleColumn} ORDER BY n DESC, rule ASC LIMIT ?`,
        [range.from, range.to, topRules]);
      out.topRules = rules.map((r) => ({ rule: String(r.rule), count: count(r.n) }));
      return out;
    },

    async approvalCounts(range) {
      const [pending]: Array<{ n: unknown; oldest: string | null }> = await ds.query(
        "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM sphere_approvals WHERE status = 'pending'");
      const [requested]: Array<{ n: unknown }> = await ds.query(
        'SELECT COUNT(*) AS n FROM sphere_approvals WHERE created_at >= ? AND created_at < ?', [range.from, range.to]);
      const decided: Array<{ status: string; n: unknown }> = await ds.query(
        `SELECT status, COUNT(*) AS n FROM sphere_approvals WHERE status IN ('approved', 'rejected') AND decided_at >= ? AND decided_at < ?
         GROUP BY status`, [range.from, range.to]);
      const of = (status: string): number => count(decided.find((d) => d.status === status)?.n);
      return {
        pending: count(pending?.n), oldestPendingCreatedAt: pending?.oldest ?? null, requested: count(requested?.n),
        approved: of('approved'), rejected: of('rejected'),
      };
    },

    async consentCounts(range) {
      const [row]: Array<{ given: unknown; objected: unknown; withdrawn: unknown }> = await ds.query(
        `SELECT
           SUM(CASE WHEN status <> 'objected' AND created_at >= ? AND created_at < ? THEN 1 ELSE 0 END) AS given,
           SUM(CASE WHEN status = 'objected' AND created_at >= ? AND created_at < ? THEN 1 ELSE 0 END) AS objected,
           SUM(CASE WHEN withdrawn_at >= ? AND withdrawn_at < ? THEN 1 ELSE 0 END) AS withdrawn
         FROM sphere_consents WHERE (created_at >= ? AND created_at < ?) OR (withdrawn_at >= ? AND withdrawn_at < ?)`,
        [range.from, range.to, range.from, range.to, range.from, range.to, range.from, range.to, range.from, range.to]);
      return { given: count(row?.given), withdrawn: count(row?.withdrawn), objected: count(row?.objected) };
    },

    async uninformedPeople(limit) {
      const rows: Array<{ person_module: string; person_id: string }> = await ds.query(
        `SELECT DISTINCT person_module, person_id FROM sphere_provenance WHERE informed_at IS NULL
         ORDER BY person_module, person_id LIMIT ?`, [limit]);
      return rows.map((r) => ({ module: r.person_module, id: r.person_id }));
    },
  };
}
