// Durable nonce claims for the replay protection of signed requests (table sphere_request_nonces, migration
// 1732300000005). A claim is an insert keyed by the request's signed timestamp and its nonce: a duplicate key means the
// request was handled before, by this process before a restart or by another connector on the same database (a replay
// repeats both; another timestamp would need a new signature). Callers group concurrent claims into one
// transaction (security/replay-guard.ts); expired rows are swept now and then, in the same transaction as a claim.
import type { Database, Statement } from 'better-sqlite3';
import { CannotExecuteNotConnectedError, type DataSource, type QueryRunner } from 'typeorm';
import type { Writes } from './write-queue';

export interface NonceClaim {
  nonce: string;
  /** The request's signed timestamp (unix seconds). */
  issuedAt: number;
}

export interface NonceSweep {
  /** Rows with issued_at before this (unix seconds) are deleted… */
  before: number;
  /** …at most this many per call, so one sweep never holds the database for long. */
  limit: number;
}

export interface RequestNonceStore {
  /**
   * Stores every nonce in one transaction: `fresh[i]` is false when `claims[i]` was stored already (a replay).
   * With `sweep`, expired rows are deleted in the same transaction; `swept` says how many.
   */
  claim(claims: NonceClaim[], sweep?: NonceSweep): Promise<{ fresh: boolean[]; swept: number }>;
}

const TABLE = 'sphere_request_nonces';
/** MariaDB: rows per multi-row insert (two parameters each). */
const ROWS_PER_INSERT = 500;
/** A transaction outside the store's write queue was open on SQLite's shared connection; answered like any storage failure. */
export class NonceStoreBusyError extends Error {
  readonly code = 'SQLITE_BUSY';
}

function notConnected(ds: DataSource): void {
  if (!ds.isInitialized) throw new CannotExecuteNotConnectedError();
}

/**
 * better-sqlite3 runs statements synchronously: the whole transaction (BEGIN IMMEDIATE, inserts, sweep, COMMIT) runs in
 * one go on the connection TypeORM shares, so nothing else can interleave with it. It waits in the store's write queue,
 * so no other transaction of the store is open on that connection (TypeORM transactions there span awaits).
 */
function sqliteNonces(ds: DataSource, writes: Writes): RequestNonceStore {
  type Claim = (claims: NonceClaim[], sweep?: NonceSweep) => { fresh: boolean[]; swept: number };
  const prepared = new WeakMap<Database, Claim>();

  function prepare(db: Database): Claim {
    const insert: Statement = db.prepare(`INSERT OR IGNORE INTO ${TABLE} (issued_at, nonce) VALUES (?, ?)`);
    const sweep: Statement = db.prepare(
      `DELETE FROM ${TABLE} WHERE (issued_at, nonce) IN (SELECT issued_at, nonce FROM ${TABLE} WHERE issued_at < ? ORDER BY issued_at LIMIT ?)`);
    const claim = db.transaction((claims: NonceClaim[], s?: NonceSweep) => ({
      fresh: claims.map((c) => insert.run(c.issuedAt, c.nonce).changes === 1),
      swept: s ? sweep.run(s.before, Math.max(1, Math.floor(s.limit))).changes : 0,
    }));
    // IMMEDIATE: takes the write lock up front (another process's writer makes it wait up to the busy timeout)
    return (claims, s) => claim.immediate(claims, s);
  }

  return {
    claim: (claims, sweep) => writes(async () => {
      notConnected(ds);
      const db = (await ds.createQueryRunner().connect()) as Database;
      let claim = prepared.get(db);
      if (!claim) prepared.set(db, claim = prepare(db));
      // No await between the check and the call: begun inside another transaction (which may still roll back), the
      // claim would only be a savepoint of it.
      if (db.inTransaction) throw new NonceStoreBusyError('the database connection is inside a transaction the store did not queue');
      return claim(claims, sweep);
    }),
  };
}

/** MariaDB/MySQL: one pooled connection per claim; InnoDB row locks order concurrent claims of several connectors. */
function mysqlNonces(ds: DataSource): RequestNonceStore {
  const insertSql = (rows: number): string => `INSERT IGNORE INTO ${TABLE} (issued_at, nonce) VALUES ${Array.from({ length: rows }, () => '(?, ?)').join(', ')}`;
  const fullInsert = insertSql(ROWS_PER_INSERT);
  const affected = (result: unknown): number => Number((result as { affectedRows?: number }).affectedRows ?? 0);

  async function sweepRows(qr: QueryRunner, sweep: NonceSweep | undefined): Promise<number> {
    if (!sweep) return 0;
    return affected(await qr.query(`DELETE FROM ${TABLE} WHERE issued_at < ? ORDER BY issued_at LIMIT ${Math.max(1, Math.floor(sweep.limit))}`, [sweep.before]));
  }

  return {
    async claim(claims, sweep) {
      // In key order, so two connectors claiming overlapping nonces lock them in the same order (no deadlock).
      const key = (c: NonceClaim): string => `${String(c.issuedAt).padStart(12, '0')} ${c.nonce}`;
      const order = claims.map((_, i) => i).sort((a, b) => (key(claims[a]) < key(claims[b]) ? -1 : key(claims[a]) > key(claims[b]) ? 1 : 0));
      const sorted = order.map((i) => claims[i]);
      notConnected(ds);
      return ds.transaction(async ({ queryRunner }) => {
        const qr = queryRunner as QueryRunner;
        const fresh = new Array<boolean>(claims.length).fill(true);
        // Usually every nonce is new: one multi-row insert tells by its count.
        let inserted = 0;
        for (let i = 0; i < sorted.length; i += ROWS_PER_INSERT) {
          const chunk = sorted.slice(i, i + ROWS_PER_INSERT);
          inserted += affected(await qr.query(chunk.length === ROWS_PER_INSERT ? fullInsert : insertSql(chunk.length), chunk.flatMap((c) => [c.issuedAt, c.nonce])));
        }
        if (inserted !== sorted.length) {
          // Some were known: start over row by row to learn which.
          await qr.rollbackTransaction();
          await qr.startTransaction();
          for (let k = 0; k < sorted.length; k += 1) {
            fresh[order[k]] = affected(await qr.query(insertSql(1), [sorted[k].issuedAt, sorted[k].nonce])) === 1;
          }
        }
        return { fresh, swept: await sweepRows(qr, sweep) };
      });
    },
  };
}

export function requestNonceStore(ds: DataSource, writes: Writes): RequestNonceStore {
  return ['mysql', 'mariadb'].includes(ds.options.type) ? mysqlNonces(ds) : sqliteNonces(ds, writes);
}
