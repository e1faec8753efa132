// Append-only, hash-chained decision log. Each row's hash covers its content and the previous row's hash, so an edit,
// a deletion (gap in seq / broken prev_hash) or a reordering is detected by verify(), which names the first broken row.
import { hash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Database, Statement } from 'better-sqlite3';
import type { DataSource, QueryRunner } from 'typeorm';
import { ApprovalEntity, type DecisionRow } from './entities';
import { FieldReader } from './validate';
import type { AppendSummary, ChainVerification, ConsentUse, DecisionDraft, LogEffects, NewDecision, SphereStore, StoredDecision } from './types';
import { approvalRow } from './approvals';
import { serialised } from './write-queue';
import type { CommittedReads, Query } from './committed-reads';

export const GENESIS_HASH = '0'.repeat(64);
const COLUMNS = ['seq', 'id', 'at', 'event', 'module', 'record_id', 'person_module', 'person_id', 'outcome', 'rules', 'revision',
  'input', 'decision', 'actor_id', 'prev_hash', 'hash'] as const;
// MariaDB gets multi-row inserts (one round trip per 500 rows); 16 parameters per row stay below its placeholder limit.
const ROWS_PER_INSERT = 500;
const VERIFY_PAGE = 2000;
/** How long an append begun while its draft still grows waits for the draft's effects before it gives up. */
const DRAFT_WAIT_MS = 60_000;
const CONSENTS_PER_UPDATE = 500;

type Row = Omit<DecisionRow, 'seq'> & { seq: number };
// the column limits of sphere_decisions
const REQUIRED = { required: true };
const REQUIRED_DECISION_ID = { required: true, max: 36 };
const REQUIRED_NAME = { required: true, max: 32 };
const REQUIRED_OUTCOME = { required: true, max: 16 };
const OPTIONAL_NAME = { max: 32 };
const OPTIONAL_ID = { max: 64 };
const OPTIONAL_REVISION = { max: 128 };
/** How the promised effects of a growing draft ended. */
type Settled = { value: LogEffects } | { error: unknown };

/** An input or decision the caller has already serialised (JSON text): stored as is instead of JSON.stringify(value). */
export class JsonText {
  constructor(readonly text: string) {}
}

const jsonColumn = (value: unknown): string => (value instanceof JsonText ? value.text : JSON.stringify(value ?? null));

// Consecutive rows of a batch mostly share their decision text: its quoted UTF-8 form is made once for all of them.
let lastDecision = { text: '', quoted: Buffer.from('""') };
function quotedDecision(text: string): Buffer {
  if (lastDecision.text !== text) lastDecision = { text, quoted: Buffer.from(JSON.stringify(text), 'utf8') };
  return lastDecision.quoted;
}

const COMMA = 0x2c;
/** Where a row's hashed content is assembled; grown when a row needs more. */
let content = Buffer.allocUnsafe(16 * 1024);

/**
 * Canonical serialisation: a fixed-order JSON array of the stored column values, input/decision as stored text —
 * JSON.stringify([seq, id, at, event, module, recordId, personModule, personId, outcome, rules, revision, input,
 * decision, actorId, prevHash]) as UTF-8. Written piece by piece into one buffer, so a shared decision text is quoted
 * and encoded once, and the hash reads bytes instead of encoding a 2 KB string for every row. The columns before and
 * after the decision are each one JSON.stringify of an array (one call instead of one per column): the opening's
 * closing bracket and the closing's opening bracket become the commas around the decision.
 */
export function rowHash(row: Omit<Row, 'hash'>): string {
  const opening = JSON.stringify([row.seq, row.id, row.at, row.event, row.module, row.recordId, row.personModule, row.personId, row.outcome,
    row.rules, row.revision, row.input]);
  const decision = quotedDecision(row.decision);
  const closing = JSON.stringify([row.actorId, row.prevHash]);
  // UTF-8 takes at most 3 bytes per UTF-16 unit
  const most = (opening.length + closing.length) * 3 + decision.length;
  if (content.length < most) content = Buffer.allocUnsafe(most * 2);
  let n = content.write(opening, 0);
  content[n - 1] = COMMA;
  n += decision.copy(content, n);
  const closingAt = n;
  n += content.write(closing, n);
  content[closingAt] = COMMA;
  return hash('sha256', content.subarray(0, n), 'hex');
}

/**
 * Accepts the contract's NewDecision; `decisionId`/`createdAt` and the snake_case names are accepted as aliases, person
 * defaults to module/recordId. Returns the row to store without its chain position (seq, prevHash and hash are set
 * when it is appended).
 */
function checkDecision(e: Record<string, unknown>, index: number): Row {
  // The aliases are resolved by name into one fixed-shape object rather than by rewriting every key (camelKeys): this
  // runs for every logged decision on the connector's busiest thread.
  const f = new FieldReader(`decision #${index}`, {
    id: e.id ?? e.decisionId ?? e.decision_id,
    at: e.at ?? e.createdAt ?? e.created_at,
    event: e.event,
    module: e.module,
    recordId: e.recordId ?? e.record_id,
    personModule: e.personModule ?? e.person_module,
    personId: e.personId ?? e.person_id,
    outcome: e.outcome,
    rules: e.rules,
    revision: e.revision,
    actorId: e.actorId ?? e.actor_id,
  });
  const recordId = f.string('recordId', OPTIONAL_ID);
  const module = f.string('module', REQUIRED_NAME) ?? '';
  const row = {
    id: f.string('id', REQUIRED_DECISION_ID) ?? '',
    at: f.timestamp('at', REQUIRED) ?? '',
    event: f.string('event', REQUIRED_NAME) ?? '',
    module,
    recordId,
    personModule: f.string('personModule', OPTIONAL_NAME) ?? (recordId ? module : null),
    personId: f.string('personId', OPTIONAL_ID) ?? recordId,
    outcome: f.string('outcome', REQUIRED_OUTCOME) ?? '',
    rules: JSON.stringify(f.stringList('rules')),
    revision: f.string('revision', OPTIONAL_REVISION),
    input: jsonColumn(e.input),
    decision: jsonColumn(e.decision),
    actorId: f.string('actorId', OPTIONAL_ID),
    seq: 0,
    prevHash: '',
    hash: '',
  };
  f.done();
  return row;
}

function summary(rows: Row[]): AppendSummary {
  const last = rows[rows.length - 1];
  return last ? { count: rows.length, lastSeq: last.seq, lastHash: last.hash } : { count: 0, lastSeq: null, lastHash: null };
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

/** Puts the row at `seq` after the row whose hash is `prevHash` and sets its own hash, which it returns. */
function chain(row: Row, seq: number, prevHash: string): string {
  row.seq = seq;
  row.prevHash = prevHash;
  row.hash = rowHash(row);
  return row.hash;
}

/**
 * Decisions validated ahead of their append and, when the draft began at a known head of the log, chained after it as
 * they are added, so a long batch does that work while it is still being decided. The append chains them again after
 * the actual head if the log moved on meanwhile; the stored rows are the same as appendMany() would write.
 */
class Draft implements DecisionDraft {
  readonly rows: Row[] = [];
  private seq = 0;
  private prevHash = '';
  private grew: (() => void) | null = null;

  /**
   * `after`: the head to chain entries after as they are added; null: they are chained when appended. `waitMs`: how
   * long its append waits for the effects.
   */
  constructor(private after: { seq: number; hash: string } | null, readonly waitMs = DRAFT_WAIT_MS) {
    if (after) this.restart(after);
  }

  get size(): number {
    return this.rows.length;
  }

  add(entries: Array<NewDecision | Record<string, unknown>>): void {
    // All of them are checked before any is added, as appendMany() writes nothing of an invalid batch.
    const checked = entries.map((e, i) => checkDecision(e as Record<string, unknown>, this.rows.length + i));
    for (const row of checked) {
      if (this.after) this.chainNext(row);
      this.rows.push(row);
    }
    if (checked.length > 0) this.grew?.();
  }

  /** Resolves when entries are added next. */
  grown(): Promise<void> {
    return new Promise((resolve) => {
      this.grew = () => {
        this.grew = null;
        resolve();
      };
    });
  }

  /** Makes the rows follow `head`, the log's as read in the append's transaction; rows added later follow them. */
  chainAfter(head: { seq: number; hash: string }): void {
    if (this.after && this.after.seq === head.seq && this.after.hash === head.hash) return;
    this.after = head;
    this.restart(head);
    for (const row of this.rows) this.chainNext(row);
  }

  private restart(head: { seq: number; hash: string }): void {
    this.seq = head.seq;
    this.prevHash = head.hash;
  }

  private chainNext(row: Row): void {
    this.seq += 1;
    this.prevHash = chain(row, this.seq, this.prevHash);
  }
}

const rowValues = (r: Row): unknown[] => [r.seq, r.id, r.at, r.event, r.module, r.recordId, r.personModule, r.personId, r.outcome,
  r.rules, r.revision, r.input, r.decision, r.actorId, r.prevHash, r.hash];

/** One prepared single-row insert per SQLite connection. */
const sqliteInserts = new WeakMap<Database, Statement>();

/**
 * `reads` serves every read outside an append, so none sees an append's rows before they commit; `onAppend` runs
 * before the first append (the SQLite store starts its checkpoint helper there).
 */
export function decisionLog(ds: DataSource, databaseKey: string, reads: CommittedReads, onAppend?: () => void): SphereStore['decisions'] {
  const mysql = ['mysql', 'mariadb'].includes(ds.options.type);
  const select = `SELECT ${COLUMNS.join(', ')} FROM sphere_decisions`;
  const insertSql = (rows: number): string =>
    `INSERT INTO sphere_decisions (${COLUMNS.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ')}`;
  const fullInsert = insertSql(ROWS_PER_INSERT);

  async function readHead(query: Query): Promise<{ seq: number; hash: string }> {
    const head = await query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM sphere_decisions ORDER BY seq DESC LIMIT 1');
    return head.length ? { seq: Number(head[0].seq), hash: head[0].hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Inserts rows[from..] as they are (chained), ROWS_PER_INSERT at a time, and returns how many rows are written then.
   * Between those the event loop turns (MariaDB's round trips; on SQLite a yield), so a batch still being decided
   * goes on answering its chunks while its first rows are inserted.
   */
  async function insertFrom(qr: QueryRunner, rows: Row[], from: number): Promise<number> {
    const end = rows.length;
    if (mysql) {
      for (let i = from; i < end; i += ROWS_PER_INSERT) {
        const chunk = rows.slice(i, Math.min(i + ROWS_PER_INSERT, end));
        await qr.query(chunk.length === ROWS_PER_INSERT ? fullInsert : insertSql(chunk.length), chunk.flatMap(rowValues));
      }
    } else if (from < end) {
      // better-sqlite3 runs statements synchronously on the connection the transaction is open on: one reused
      // single-row statement binds far cheaper than multi-row statements with thousands of parameters.
      const db = (await qr.connect()) as Database;
      let insert = sqliteInserts.get(db);
      if (!insert) sqliteInserts.set(db, insert = db.prepare(insertSql(1)));
      for (let i = from; i < end; i += 1) {
        insert.run(rowValues(rows[i] as Row));
        if ((i + 1 - from) % ROWS_PER_INSERT === 0 && i + 1 < end) await nextTurn();
      }
    }
    return end;
  }

  /** Each consent's last use is the newest time of the decisions that relied on it; a stored later use stays. */
  async function markUsed(qr: QueryRunner, uses: ConsentUse[]): Promise<void> {
    const latest = new Map<string, string>();
    for (const { ids, at } of uses) for (const id of ids) if ((latest.get(id) ?? '') < at) latest.set(id, at);
    const entries = [...latest];
    for (let i = 0; i < entries.length; i += CONSENTS_PER_UPDATE) {
      const chunk = entries.slice(i, i + CONSENTS_PER_UPDATE);
      const when = `CASE id ${chunk.map(() => 'WHEN ? THEN ?').join(' ')} END`;
      const pairs = chunk.flat();
      await qr.query(`UPDATE sphere_consents SET last_used_at = ${when} WHERE id IN (${chunk.map(() => '?').join(', ')}) AND (last_used_at IS NULL OR last_used_at < ${when})`,
        [...pairs, ...chunk.map(([id]) => id), ...pairs]);
    }
  }

  /** Rows cut off the end leave the chain consistent; the head written with every append still knows the last row. */
  async function checkHead(query: Query, checked: number, lastSeq: number, lastHash: string): Promise<ChainVerification> {
    const head = await query<{ seq: number | string; hash: string }>('SELECT seq, hash FROM sphere_log_head WHERE id = 1');
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

  /** Validates, then chains and inserts all entries in one transaction; the stored rows (input/decision as text). */
  async function appendRows(entries: Array<NewDecision | Record<string, unknown>>, effects: LogEffects = {}): Promise<Row[]> {
    const draft = new Draft(null);
    draft.add(entries);
    return draft.size === 0 ? [] : insertRows(draft, effects);
  }

  /**
   * Inserts the draft's rows from `written` on as they are added, until `settled` settles — or `draft.waitMs` passes,
   * which ends it as an error. Returns how many rows are written then and how the effects ended.
   */
  async function insertWhileGrowing(qr: QueryRunner, draft: Draft, written: number, settled: Promise<Settled>): Promise<{ written: number; outcome: Settled }> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<Settled>((resolve) => {
      timer = setTimeout(() => resolve({ error: new Error(`decision log append gave up waiting for the rest of its batch (${draft.waitMs} ms); nothing of it was written`) }), draft.waitMs);
    });
    try {
      let outcome: Settled | undefined;
      while (outcome === undefined) {
        written = await insertFrom(qr, draft.rows, written);
        if (draft.size === written) outcome = await Promise.race([settled, gaveUp, draft.grown().then(() => undefined)]);
      }
      return { written, outcome };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Appends the draft's rows in one transaction: the rows added so far at once, then — for a promise of `effects`,
   * which a batch still being decided passes — those added later as they come until it settles; then the last rows,
   * the log head and the effects. If the promise rejects, nothing is written.
   */
  async function insertRows(draft: Draft, effects: LogEffects | Promise<LogEffects>): Promise<Row[]> {
    // handled at once: a rejection while this append still waits for its turn is not an unhandled one
    const settled = effects instanceof Promise ? effects.then((value): Settled => ({ value }), (error: unknown): Settled => ({ error })) : null;
    onAppend?.();
    // one append at a time per database, so two batches never read the same chain head (and, on SQLite, with every other write)
    return serialised(databaseKey, async () => {
      const qr = ds.createQueryRunner();
      await qr.connect();
      let locked = false;
      try {
        // Other connector processes on the same MariaDB wait here; the seq primary key guards SQLite writers.
        if (mysql) {
          const [{ got }] = await qr.query("SELECT GET_LOCK('sphere_decisions_append', 30) AS got");
          // a lock wait like the server's own, so it is answered as storage unavailable
          if (Number(got) !== 1) throw Object.assign(new Error('decision log is locked by another writer (waited 30 s)'), { code: 'ER_LOCK_WAIT_TIMEOUT' });
          locked = true;
        }
        await qr.startTransaction();
        try {
          draft.chainAfter(await readHead((sql, params) => qr.query(sql, params)));
          const early = await insertFrom(qr, draft.rows, 0);
          const { written: growing, outcome } = settled ? await insertWhileGrowing(qr, draft, early, settled) : { written: early, outcome: { value: effects as LogEffects } };
          if ('error' in outcome) throw outcome.error;
          const written = await insertFrom(qr, draft.rows, growing);
          const last = draft.rows[written - 1];
          if (!last) {
            await qr.rollbackTransaction();
            return [];
          }
          await qr.query('DELETE FROM sphere_log_head');
          await qr.query('INSERT INTO sphere_log_head (id, seq, hash) VALUES (1, ?, ?)', [last.seq, last.hash]);
          const approvals = (outcome.value.approvals ?? []).map(approvalRow);
          // a request shared by concurrent calls is written by each; the first stores it
          if (approvals.length > 0) await qr.manager.createQueryBuilder().insert().into(ApprovalEntity).values(approvals).orIgnore().execute();
          await markUsed(qr, outcome.value.consentsUsed ?? []);
          await qr.commitTransaction();
          return draft.rows;
        } catch (err) {
          if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
          throw err;
        }
      } finally {
        if (locked) await qr.query("SELECT RELEASE_LOCK('sphere_decisions_append')").catch(() => undefined);
        await qr.release();
      }
    });
  }

  return {
    async appendMany(entries) {
      return (await appendRows(entries)).map(toStored);
    },

    async append(entries, effects) {
      return summary(await appendRows(entries, effects));
    },

    async draft(options = {}) {
      return new Draft(await readHead(reads.query), options.waitMs);
    },

    async appendDraft(draft, effects = {}) {
      if (!(draft instanceof Draft)) throw new Error('appendDraft() takes a draft from draft() of the same store');
      return summary(await insertRows(draft, effects));
    },

    async recentForPerson(module, id, limit) {
      const rows = await reads.query(`${select} WHERE person_module = ? AND person_id = ? ORDER BY seq DESC LIMIT ?`, [module, id, Math.max(0, Math.floor(limit))]);
      return rows.map((r) => toStored(fromRow(r)));
    },

    async get(id) {
      const rows = await reads.query(`${select} WHERE id = ?`, [id]);
      return rows.length ? toStored(fromRow(rows[0])) : null;
    },

    // one snapshot: an append committing between the pages and the head would otherwise look like rows cut off
    verify: () => reads.snapshot(async (query): Promise<ChainVerification> => {
      let expectedSeq = 1;
      let prevHash = GENESIS_HASH;
      let checked = 0;
      for (;;) {
        const page = await query(`${select} WHERE seq >= ? ORDER BY seq ASC LIMIT ${VERIFY_PAGE}`, [expectedSeq]);
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
        if (page.length < VERIFY_PAGE) return checkHead(query, checked, expectedSeq - 1, prevHash);
        // SQLite answers synchronously: without a turn of the event loop per page, checking a long log inside the
        // server (the weekly report) would hold up every request until it is done
        await nextTurn();
      }
    }),
  };
}
