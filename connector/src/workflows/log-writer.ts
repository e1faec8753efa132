// Group commit for the decision log: entries from concurrent requests are written in one transaction.
// Each caller still waits until its own entries are stored, so an answer is never sent for an unlogged decision,
// and a failed transaction fails every request in it (nothing half-written).
import type { StorePort, Row } from '../input/store-port';
import type { ConsentUse } from '../store';

interface Waiting { entries: Row[]; consentsUsed: ConsentUse[]; resolve: () => void; reject: (err: unknown) => void }

export class DecisionLogWriter {
  private queue: Waiting[] = [];
  private flushing = false;

  constructor(private readonly store: StorePort) {}

  /** `consentsUsed`: the consents the entries' decisions relied on, marked used in the same transaction. */
  append(entries: Row[], consentsUsed: ConsentUse[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, consentsUsed, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    // Let requests that are already being evaluated join this transaction.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      try {
        const entries = group.length === 1 ? group[0].entries : group.flatMap((w) => w.entries);
        await this.store.decisions.append(entries, group.flatMap((w) => w.consentsUsed));
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.flushing = false;
  }
}
