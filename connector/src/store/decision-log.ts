// Append-only, hash-chained decision log. Each row's hash covers its content and the previous row's hash, so an edit,
// a deletion (gap in seq / broken prev_hash) or a reordering is detected by verify(), which names the first broken row.
import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { DecisionRow } from './entities';
import { camelKeys, FieldReader } from './validate';
import type { ChainVerification, NewDecision, SphereStore, StoredDecision } from './types';

export const GENESIS_HASH = '0'.repeat(64);
const COLUMNS = ['seq', 'id', 'at', 'event', 'module', 'record_id', 'person_module', 'person_id', 'outcome', 'rules', 'revision',
  'input', 'decision', 'actor_id', 'prev_hash', 'hash'] as const;
// 16 parameters per row; 500 rows stay below SQLite's and MariaDB's placeholder limits.
const ROWS_PER_INSERT = 500;
const VERIFY_PAGE = 2000;

type Row = Omit<DecisionRow, 'seq'> & { seq: number };

/** Canonical serialisation: a fixed-order JSON array of the stored column values, input/decision as stored text. */
export function rowHash(row: Omit<Row, 'hash'>): string {
  const content = [row.seq, row.id, row.at, row.event, row.module, row.recordId, row.personModule, row.personId, row.outcome,
    row.rules, row.revision, row.input, row.decision, row.actorId, row.prevHash];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Accepts the contract's NewDecision; `decisionId`/`createdAt` are accepted as aliases, person defaults to module/recordId. */
function checkDecision(entry: Record<string, unknown>, index: number): Omit<Row, 'seq' | 'prevHash' | 'hash'> {
  const d = camelKeys(entry);
  const f = new FieldReader(`decision #${index}`, { ...d, id: d.id ?? d.decisionId, at: d.at ?? d.createdAt });
  const recordId = f.string('recordId', { max: 64 });
  const module = f.string('module', { required: true, max: 32 }) ?? '';
  const row = {
    id: f.string('id', { required: true, max: 36 }) ?? '',
    at: f.timestamp('at', { required: true }) ?? '',
    event: f.string('event', { required: true, max: 32 }) ?? '',
    module,
    recordId,
    personModule: f.string('personModule', { max: 32 }) ?? (recordId ? module : null),
    personId: f.string('personId', { max: 64 }) ?? recordId,
    outcome: f.string('outcome', { required: true, max: 16 }) ?? '',
    rules: JSON.stringify(f.stringList('rules')),
    revision: f.string('revision', { max: 128 }),
    input: JSON.stringify(d.input ?? null),
    decision: JSON.stringify(d.decision ?? null),
    actorId: f.string('actorId', { max: 64 }),
  };
  f.done();
  return row;
}

function fromRow(row: Record<string, unknown>): Row {
  return {
    seq: Number(row.seq), id: String(row.id), at: String(row.at), event: String(row.event), module: String(row.module),
    recordId: (row.record_id as string | null) ?? null, personModule: (row.person_module as string | null) ?? null,
    personId: (row.person_id as string | null) ?? null, outcome: String(row.outcome), rules: String(row.rules),
    revision: (row.revision as string | null) ?? null, input: String(row.input), decision: String(row.decision),
    actorId: (row.actor_id as string | null) ?? null, prevHash: String(row.prev_hash), hash: String(row.hash),
  };
}

function toStored(row: Row): StoredDecision {
  const { rules, input, decision, ...rest } = row;
  return { ...rest, rules: JSON.parse(rules) as string[], input: JSON.parse(input), decision: JSON.parse(decision) };
}

/** Serialises appends within this process (per database) so two batches never read the same chain head. */
const appendQueues = new Map<string, Promise<unknown>>();
function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (appendQueues.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
  appendQueues.set(key, run);
  return run;
}

export function decisionLog(ds: DataSource, databaseKey: string): SphereStore['decisions'] {
  const mysql = ['mysql', 'mariadb'].includes(ds.options.type);
  const select = `SELECT ${COLUMNS.join(', ')} FROM sphere_decisions`;

  async function insertChained(qr: QueryRunner, entries: Array<Omit<Row, 'seq' | 'prevHash' | 'hash'>>): Promise<Row[]> {
    const head: Array<{ seq: number | string; hash: string }> = await qr.query('SELECT seq, hash FROM sphere_decisions ORDER BY seq DESC LIMIT 1');
    let seq = head.length ? Number(head[0].seq) : 0;
    let prevHash = head.length ? head[0].hash : GENESIS_HASH;
    const rows = entries.map((entry) => {
      seq += 1;
      const partial = { ...entry, seq, prevHash };
      const row = { ...partial, hash: rowHash(partial) };
      prevHash = row.hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      const placeholders = chunk.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
      const params = chunk.flatMap((r) => [r.seq, r.id, r.at, r.event, r.module, r.recordId, r.personModule, r.personId, r.outcome,
        r.rules, r.revision, r.input, r.decision, r.actorId, r.prevHash, r.hash]);
      await qr.query(`INSERT INTO sphere_decisions (${COLUMNS.join(', ')}) VALUES ${placeholders}`, params);
    }
    const last = rows[rows.length - 1];
    await qr.query('DELETE FROM sphere_log_head');
    await qr.query('INSERT INTO sphere_log_head (id, seq, hash) VALUES (1, ?, ?)', [last.seq, last.hash]);
    return rows;
  }

  /** Rows cut off the end leave the chain consistent; the head written with every append still knows the last row. */
  async function checkHead(checked: number, lastSeq: number, lastHash: string): Promise<ChainVerification> {
    const head: Array<{ seq: number | string; hash: string }> = await ds.query('SELECT seq, hash FROM sphere_log_head WHERE id = 1');
    if (head.length === 0 && lastSeq === 0) return { ok: true, checked };
    const headSeq = head.length ? Number(head[0].seq) : 0;
    if (headSeq > lastSeq) {
      return { ok: false, checked, firstBroken: { seq: lastSeq + 1, id: '(deleted)', reason: `rows ${lastSeq + 1}..${headSeq} at the end of the log were deleted` } };
    }
    if (headSeq < lastSeq || head[0].hash !== lastHash) {
      return { ok: false, checked, firstBroken: { seq: headSeq + 1, id: '(unknown)', reason: 'the log head does not match the last row (rows written or replaced outside Sphere)' } };
    }
    return { ok: true, checked };
  }

  return {
    async appendMany(entries) {
      const checked = entries.map((e, i) => checkDecision(e as Record<string, unknown>, i));
      if (checked.length === 0) return [];
      return serialised(databaseKey, async () => {
        const qr = ds.createQueryRunner();
        await qr.connect();
        let locked = false;
        try {
          // Other connector processes on the same MariaDB wait here; the seq primary key guards SQLite writers.
          if (mysql) {
            const [{ got }] = await qr.query("SELECT GET_LOCK('sphere_decisions_append', 30) AS got");
            if (Number(got) !== 1) throw new Error('decision log is locked by another writer (waited 30 s)');
            locked = true;
          }
          await qr.startTransaction();
          try {
            const rows = await insertChained(qr, checked);
            await qr.commitTransaction();
            return rows.map(toStored);
          } catch (err) {
            if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
            throw err;
          }
        } finally {
          if (locked) await qr.query("SELECT RELEASE_LOCK('sphere_decisions_append')").catch(() => undefined);
          await qr.release();
        }
      });
    },

    async recentForPerson(module, id, limit) {
      const rows: Array<Record<string, unknown>> = await ds.query(
        `${select} WHERE person_module = ? AND person_id = ? ORDER BY seq DESC LIMIT ?`, [module, id, Math.max(0, Math.floor(limit))]);
      return rows.map((r) => toStored(fromRow(r)));
    },

    async get(id) {
      const rows: Array<Record<string, unknown>> = await ds.query(`${select} WHERE id = ?`, [id]);
      return rows.length ? toStored(fromRow(rows[0])) : null;
    },

    async verify(): Promise<ChainVerification> {
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let checked = 0;
      for (;;) {
        const page: Array<Record<string, unknown>> = await ds.query(
          `${select} WHERE seq >= ? ORDER BY seq ASC LIMIT ${VERIFY_PAGE}`, [expectedSeq]);
        for (const raw of page) {
          const row = fromRow(raw);
          const broken = (reason: string): ChainVerification => ({ ok: false, checked, firstBroken: { seq: row.seq, id: row.id, reason } });
          if (row.seq !== expectedSeq) return broken(`seq ${row.seq} follows ${expectedSeq - 1}: row(s) ${expectedSeq}..${row.seq - 1} were deleted`);
          if (row.prevHash !== prevHash) return broken('prev_hash does not match the previous row\'s hash (rows deleted, inserted or reordered)');
          if (rowHash(row) !== row.hash) return broken('hash does not match the row\'s content (row was edited)');
          prevHash = row.hash;
          expectedSeq += 1;
          checked += 1;
        }
        if (page.length < VERIFY_PAGE) return checkHead(checked, expectedSeq - 1, prevHash);
      }
    },
  };
}
