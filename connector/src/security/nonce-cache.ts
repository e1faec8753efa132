// Remembers nonces (with their signed timestamps, as the caller keys them) until the timestamp leaves the replay window,
// so a captured request cannot be sent twice.
export class NonceCache {
  // Map keeps insertion order; expiries are roughly increasing, so sweeping from the front is cheap.
  private readonly seen = new Map<string, number>();

  /** Returns false when the nonce was already used and has not expired. */
  remember(nonce: string, expiresAt: number, nowSeconds: number): boolean {
    this.sweep(nowSeconds);
    const known = this.seen.get(nonce);
    if (known !== undefined && known >= nowSeconds) return false;
    this.seen.set(nonce, expiresAt);
    return true;
  }

  /** Lets a nonce be used again (its durable claim failed, so the request was not handled). */
  forget(nonce: string): void {
    this.seen.delete(nonce);
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(nowSeconds: number): void {
    for (const [nonce, expiresAt] of this.seen) {
      if (expiresAt >= nowSeconds) break;
      this.seen.delete(nonce);
    }
  }
}
