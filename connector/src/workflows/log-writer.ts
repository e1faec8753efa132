// Group commit for the decision log: entries from concurrent requests are written in one transaction.
// Each caller still waits until its own entries are stored, so an answer is never sent for an unlogged decision,
// and a failed transaction fails every request in it (nothing half-written).
import type { StorePort, Row } from '../input/store-port';
import type { LogEffects } from '../store';

interface Waiting { entries: Row[]; effects: LogEffects; resolve: () => void; reject: (err: unknown) => void }

export class DecisionLogWriter {
  private queue: Waiting[] = [];
  private flushing = false;

  constructor(private readonly store: StorePort) {}

  /** `effects`: what the entries' decisions change besides the log, written in the same transaction. */
  append(entries: Row[], effects: LogEffects): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entries, effects, resolve, reject });
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
        await this.store.decisions.append(entries, {
          consentsUsed: group.flatMap((w) => w.effects.consentsUsed ?? []),
          approvals: group.flatMap((w) => w.effects.approvals ?? []),
        });
        for (const w of group) w.resolve();
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.flushing = false;
  }
}
