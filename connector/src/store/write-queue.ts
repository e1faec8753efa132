// Writes that must not overlap, one at a time per database (keyed by the store's database). TypeORM's better-sqlite3
// driver hands every caller the same connection, so on SQLite two transactions in flight at once collide ("cannot start
// a transaction within a transaction": a policy publish, a decision-log append and a provenance import started
// together failed that way), and a single write made while another caller's transaction is open would join it and be
// undone if that one rolled back. The SQLite store sends every write through here, request-nonce claims too; on
// MariaDB each transaction has its own pooled connection, and only the decision log's appends queue (each must find
// the chain head the one before left).
const queues = new Map<string, Promise<unknown>>();

export function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(task);
  queues.set(key, run);
  return run;
}

/** How a store runs its writes: through the queue of its database (SQLite), or as they come (MariaDB). */
export type Writes = <T>(task: () => Promise<T>) => Promise<T>;

export const writesFor = (key: string, sqlite: boolean): Writes => (sqlite ? (task) => serialised(key, task) : (task) => task());
