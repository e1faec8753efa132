// Reads that must see only committed data: a person's consents and provenance (the facts of a decision), the decision
// log's rows and head, and the weekly report's counts. On MariaDB every query runs on a pooled connection of its own,
// so InnoDB shows it committed rows. On SQLite TypeORM hands every caller the one connection, and a batch's log
// transaction stays open while the batch is still being decided (decision-log.ts): a read on that connection would see
// the batch's rows before they commit, or ones it then rolls back — a privacy view listing phantom decisions, a chain
// check reporting the head behind the last row; a decision could likewise rely on a provenance import's rows before
// that import commits. There these reads go to a read-only connection of their own, which WAL gives the last committed
// state.
import Database from 'better-sqlite3';
import type { DataSource, QueryRunner } from 'typeorm';

export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface CommittedReads {
  query: Query;
  /** Runs `work` on one snapshot: all its queries see the database as it was at the first of them. */
  snapshot<T>(work: (query: Query) => Promise<T>): Promise<T>;
  close(): void;
}

/** A read-only connection's queries, statements prepared once per connection. */
function sqliteQuery(db: Database.Database): Query {
  const statements = new Map<string, Database.Statement>();
  return async <T>(sql: string, params: unknown[] = []) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, statement = db.prepare(sql));
    return statement.all(...params) as T[];
  };
}

export function sqliteCommittedReads(file: string): CommittedReads {
  const open = (): Database.Database => new Database(file, { readonly: true, fileMustExist: true });
  let reader: { db: Database.Database; query: Query } | null = null;
  return {
    query: (sql, params) => {
      if (!reader) {
        const db = open();
        reader = { db, query: sqliteQuery(db) };
      }
      return reader.query(sql, params);
    },
    async snapshot(work) {
      // a connection of its own: the shared reader would take its other callers into this transaction
      const db = open();
      try {
        db.exec('BEGIN');
        return await work(sqliteQuery(db));
      } finally {
        if (db.inTransaction) db.exec('COMMIT');
        db.close();
      }
    },
    close() {
      reader?.db.close();
      reader = null;
    },
  };
}

export function mysqlCommittedReads(ds: DataSource): CommittedReads {
  return {
    query: (sql, params) => ds.query(sql, params),
    async snapshot(work) {
      const qr: QueryRunner = ds.createQueryRunner();
      await qr.connect();
      try {
        await qr.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
        try {
          return await work((sql, params) => qr.query(sql, params));
        } finally {
          await qr.query('COMMIT').catch(() => undefined);
        }
      } finally {
        await qr.release();
      }
    },
    close() {},
  };
}
