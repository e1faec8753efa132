// SQLite only: WAL checkpoints (copying committed pages from the -wal file into the database file, with its fsync) run
// on a helper thread with its own connection, so the thread that commits decisions does not do them inline every
// ~1,000 pages. The committing connection keeps a much higher automatic threshold as a safety net: if the helper is
// gone, checkpoints still happen, just inline again. Durability is SQLite's WAL with synchronous=NORMAL (better-sqlite3's
// default): a commit survives a crash of the connector at once and a power loss from the next checkpoint on, which syncs
// the WAL first — so at most the last interval's commits (~200 ms) can be lost to a power cut, never a part of one.
import type { DataSource } from 'typeorm';
import { Worker } from 'node:worker_threads';

/** Pages the committing connection lets the WAL grow to before it checkpoints itself (SQLite's default is 1,000). */
const SAFETY_NET_PAGES = 16_384;
const INTERVAL_MS = 200;

const HELPER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true, timeout: 1000 });
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or gone: the next tick or the safety net */ } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

export class WalCheckpointer {
  private worker: Worker | null = null;
  private started = false;

  constructor(private readonly ds: DataSource, private readonly file: string) {}

  /** Idempotent; called once the store starts writing decisions. A helper that cannot start leaves SQLite's default. */
  start(): void {
    if (this.started) return;
    this.started = true;
    try {
      const worker = new Worker(HELPER, { eval: true, workerData: { driver: require.resolve('better-sqlite3'), file: this.file, intervalMs: INTERVAL_MS } });
      worker.unref();
      worker.on('error', () => this.helperGone(worker));
      worker.on('exit', () => this.helperGone(worker));
      this.worker = worker;
      this.setAutoCheckpoint(SAFETY_NET_PAGES);
    } catch {
      this.worker = null;
    }
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('stop');
    const timeout = setTimeout(() => void worker.terminate(), 2000);
    await exited;
    clearTimeout(timeout);
  }

  private helperGone(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.setAutoCheckpoint(1000);
  }

  private setAutoCheckpoint(pages: number): void {
    if (!this.ds.isInitialized) return;
    this.ds.query(`PRAGMA wal_autocheckpoint = ${pages}`).catch(() => undefined);
  }
}
