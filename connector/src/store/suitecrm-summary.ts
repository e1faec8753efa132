// Writes Sphere's summary fields on SuiteCRM's person and account records: the <table>_cstm columns the migrations
// add, so Studio, list views and reports show consent status, data source, Art. 14 due date and the last
// decision. Only records that exist in SuiteCRM get a row; databases without those columns (SQLite) are left alone.
import type { DataSource } from 'typeorm';
import { SPHERE_SUMMARY_MODULES } from '../../../migrations';
import { SPHERE_CUSTOM_FIELDS } from '../../../migrations/1732300000001-SuiteCrmCustomFields';
import type { SphereStore, SuiteCrmSummary } from './types';

type SummaryKey = Exclude<keyof SuiteCrmSummary, 'module' | 'id'>;

const COLUMNS: Record<SummaryKey, (typeof SPHERE_CUSTOM_FIELDS)[number]['name']> = {
  consentStatus: 'sphere_consent_status_c',
  source: 'sphere_source_c',
  art14Due: 'sphere_art14_due_c',
  lastDecision: 'sphere_last_decision_c',
};
const KEYS = Object.keys(COLUMNS) as SummaryKey[];
// Ids per statement: well below MariaDB's placeholder limit.
const IDS_PER_QUERY = 500;
/** How long a check that found summary columns missing stands before they are looked for again. */
export const RECHECK_MS = 60_000;

// Characters outside the Basic Multilingual Plane (emoji among them) take four bytes in UTF-8.
const ASTRAL = /[\u{10000}-\u{10FFFF}]/gu;

/**
 * Text cut to the column's length; a cut ends in "…" so a reader knows there is more (in Sphere's privacy view).
 * `narrow`: the column is MySQL's three-byte utf8, as in SuiteCRM's own tables, which refuses four-byte characters;
 * they become U+FFFD there.
 */
function fit(value: string | null, len: number | null, narrow: boolean): string | null {
  const text = narrow && value !== null ? value.replace(ASTRAL, '\uFFFD') : value;
  if (text === null || len === null || text.length <= len) return text;
  return `${text.slice(0, len - 1)}…`;
}

/** A person table whose _cstm table has all summary columns; `narrow` when one of them is three-byte utf8. */
interface SummaryTable { table: string; narrow: boolean }

export function suitecrmSummaryWriter(ds: DataSource): SphereStore['suitecrmSummaries'] {
  const mysql = ['mysql', 'mariadb'].includes(ds.options.type);
  // module → table, for the tables whose _cstm table has all summary columns. Read again after a while as long as
  // some are missing, so fields added by a later `sphere migrate up` are written without restarting the connector.
  let tables: { found: Promise<Map<string, SummaryTable>>; complete: boolean; readAt: number } | null = null;
  const summaryTables = (): Promise<Map<string, SummaryTable>> => {
    if (tables === null || (!tables.complete && Date.now() - tables.readAt > RECHECK_MS)) {
      const read = { found: readSummaryTables(), complete: false, readAt: Date.now() };
      read.found.then((found) => { read.complete = found.size === SPHERE_SUMMARY_MODULES.length; }, () => { if (tables === read) tables = null; });
      tables = read;
    }
    return tables.found;
  };
  async function readSummaryTables(): Promise<Map<string, SummaryTable>> {
    const found = new Map<string, SummaryTable>();
    if (!mysql) return found;
    const rows: Array<{ t: string; c: string; charset: string | null }> = await ds.query(
      `SELECT table_name AS t, column_name AS c, character_set_name AS charset FROM information_schema.columns WHERE table_schema = DATABASE()
         AND table_name IN (${SPHERE_SUMMARY_MODULES.map(() => '?').join(', ')}) AND column_name IN (${KEYS.map(() => '?').join(', ')})`,
      [...SPHERE_SUMMARY_MODULES.map((m) => `${m.table}_cstm`), ...KEYS.map((k) => COLUMNS[k])]);
    for (const { module, table } of SPHERE_SUMMARY_MODULES) {
      const columns = rows.filter((r) => r.t === `${table}_cstm`);
      if (columns.length === KEYS.length) found.set(module, { table, narrow: columns.some((r) => r.charset === 'utf8' || r.charset === 'utf8mb3') });
    }
    return found;
  }

  async function writeGroup({ table, narrow }: SummaryTable, keys: SummaryKey[], rows: SuiteCrmSummary[]): Promise<number> {
    // a record deleted in SuiteCRM (deleted = 1, kept until the table is pruned) gets no _cstm row
    const existing: Array<{ id: string }> = await ds.query(
      `SELECT id FROM \`${table}\` WHERE id IN (${rows.map(() => '?').join(', ')}) AND deleted = 0`, rows.map((r) => r.id));
    const ids = new Set(existing.map((r) => r.id));
    const present = rows.filter((r) => ids.has(r.id));
    if (present.length === 0) return 0;
    const columns = keys.map((k) => COLUMNS[k]);
    const lengths = keys.map((k) => SPHERE_CUSTOM_FIELDS.find((f) => f.name === COLUMNS[k])?.len ?? null);
    const params: unknown[] = [];
    for (const r of present) params.push(r.id, ...keys.map((k, i) => fit(r[k] ?? null, lengths[i] ?? null, narrow)));
    await ds.query(
      `INSERT INTO \`${table}_cstm\` (id_c, ${columns.join(', ')}) VALUES ${present.map(() => `(?, ${columns.map(() => '?').join(', ')})`).join(', ')}
         ON DUPLICATE KEY UPDATE ${columns.map((c) => `${c} = VALUES(${c})`).join(', ')}`, params);
    return present.length;
  }

  return {
    async available() {
      return (await summaryTables()).size > 0;
    },

    async write(summaries) {
      const known = await summaryTables();
      // the newest summary per person wins; people are grouped by table and by the fields they set
      const latest = new Map<string, SuiteCrmSummary>();
      for (const s of summaries) {
        if (!known.has(s.module)) continue;
        const key = `${s.module}/${s.id}`;
        latest.set(key, { ...latest.get(key), ...s });
      }
      const groups = new Map<string, { table: SummaryTable; keys: SummaryKey[]; rows: SuiteCrmSummary[] }>();
      for (const s of latest.values()) {
        const keys = KEYS.filter((k) => s[k] !== undefined);
        if (keys.length === 0) continue;
        const groupKey = `${s.module}:${keys.join(',')}`;
        const group = groups.get(groupKey) ?? { table: known.get(s.module) as SummaryTable, keys, rows: [] };
        group.rows.push(s);
        groups.set(groupKey, group);
      }
      let written = 0;
      for (const { table, keys, rows } of groups.values()) {
        for (let i = 0; i < rows.length; i += IDS_PER_QUERY) written += await writeGroup(table, keys, rows.slice(i, i + IDS_PER_QUERY));
      }
      return written;
    },
  };
}
