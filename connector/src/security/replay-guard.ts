// Single use of request nonces that survives a restart and holds across connector instances on one database.
// The in-memory NonceCache answers most replays without a database round trip; every nonce it has not seen is then
// claimed in sphere_request_nonces before the request is handled. Claims of concurrent requests are written in one
// transaction (group commit, as the decision log's writer does): each caller waits for its own claim, and a failed
// transaction fails every request in it, so no request is ever handled with an unclaimed nonce.
import type { NonceClaim, NonceSweep, RequestNonceStore } from '../store/request-nonces';
import { NonceCache } from './nonce-cache';
import { GroupCommit } from '../store/group-commit';

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

export class ReplayGuard {
  private readonly memory = new NonceCache();
  private readonly commits: GroupCommit<NonceClaim, boolean>;
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
    this.commits = new GroupCommit((claims) => this.claimInStore(claims));
  }

  /**
   * True when the nonce of a request signed at `issuedAt` (unix seconds) is used for the first time (and is now claimed
   * for good); false for a replay. Rejects with the store's error when the claim could not be stored: the request must
   * then not be handled.
   */
  async claim(nonce: string, issuedAt: number): Promise<boolean> {
    // keyed as the table is, so every instance on the database tells the same requests apart
    const key = `${issuedAt} ${nonce}`;
    if (!this.memory.remember(key, issuedAt + this.window, this.now())) return false;
    try {
      return await this.commits.submit({ nonce, issuedAt });
    } catch (err) {
      // Not handled, so not used: the same request may be sent again once the database is back.
      this.memory.forget(key);
      throw err;
    }
  }

  /** One transaction for the claims of concurrent requests; it sweeps expired rows now and then too. */
  private async claimInStore(claims: NonceClaim[]): Promise<boolean[]> {
    const now = this.now();
    const sweep: NonceSweep | undefined = now >= this.nextSweep ? { before: now - this.window - this.grace, limit: this.limit } : undefined;
    const { fresh, swept } = await this.store.claim(claims, sweep);
    if (sweep) this.nextSweep = swept >= this.limit ? now : now + this.sweepEvery;
    return fresh;
  }
}
