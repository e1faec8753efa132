// Single use of request nonces that survives a restart and holds across connector instances on one database.
// The in-memory NonceCache answers most replays without a database round trip; every nonce it has not seen is then
// claimed in sphere_request_nonces before the request is handled. Claims of concurrent requests are written in one
// transaction (group commit, as the decision log's writer does): each caller waits for its own claim, and a failed
// transaction fails every request in it, so no request is ever handled with an unclaimed nonce.
import type { NonceClaim, NonceSweep, RequestNonceStore } from '../store/request-nonces';
import { NonceCache } from './nonce-cache';

export interface ReplayGuardOptions {
  /** The replay window (seconds): a nonce is single use while its signed timestamp is within it (default 300). */
  windowSeconds?: number;
  /** How often expired rows are swept (seconds); the sweep rides along with a claim's transaction. */
  sweepEverySeconds?: number;
  /**
   * Rows are kept this long past the window (seconds), so a connector whose clock runs behind still finds them while
   * it accepts the timestamp.
   */
  sweepGraceSeconds?: number;
  /** At most this many rows per sweep; when there were more, the next claim sweeps again. */
  sweepLimit?: number;
  /** Unix seconds (tests move the clock). */
  now?: () => number;
}

interface Waiting { claim: NonceClaim; resolve: (fresh: boolean) => void; reject: (err: unknown) => void }

export class ReplayGuard {
  private readonly memory = new NonceCache();
  private queue: Waiting[] = [];
  private flushing = false;
  private nextSweep = 0; // the first claims after a start sweep what expired while the connector was down
  private readonly window: number;
  private readonly sweepEvery: number;
  private readonly grace: number;
  private readonly limit: number;
  private readonly now: () => number;

  constructor(private readonly store: Pick<RequestNonceStore, 'claim'>, options: ReplayGuardOptions = {}) {
    this.window = options.windowSeconds ?? 300;
    this.sweepEvery = options.sweepEverySeconds ?? 10;
    this.grace = options.sweepGraceSeconds ?? 60;
    this.limit = options.sweepLimit ?? 5000;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
  }

  /**
   * True when the nonce of a request signed at `issuedAt` (unix seconds) is used for the first time (and is now claimed
   * for good); false for a replay. Rejects with the store's error when the claim could not be stored: the request must
   * then not be handled.
   */
  async claim(nonce: string, issuedAt: number): Promise<boolean> {
    if (!this.memory.remember(nonce, issuedAt + this.window, this.now())) return false;
    try {
      return await new Promise<boolean>((resolve, reject) => {
        this.queue.push({ claim: { nonce, issuedAt }, resolve, reject });
        if (!this.flushing) void this.flush();
      });
    } catch (err) {
      // Not handled, so not used: the same request may be sent again once the database is back.
      this.memory.forget(nonce);
      throw err;
    }
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    // Let requests that arrive in the same turn of the event loop join this transaction.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      const now = this.now();
      const sweep: NonceSweep | undefined = now >= this.nextSweep ? { before: now - this.window - this.grace, limit: this.limit } : undefined;
      try {
        const { fresh, swept } = await this.store.claim(group.map((w) => w.claim), sweep);
        if (sweep) this.nextSweep = swept >= this.limit ? now : now + this.sweepEvery;
        group.forEach((w, i) => w.resolve(fresh[i] === true));
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.flushing = false;
  }
}
