// Group commit: what concurrent requests submit while a write is running is written together in the next write (one
// transaction). Each caller waits for its own result, and a failed write fails every caller in it, so nothing is
// answered as stored that was not.
interface Waiting<T, R> { item: T; resolve: (result: R) => void; reject: (err: unknown) => void }

export class GroupCommit<T, R> {
  private queue: Array<Waiting<T, R>> = [];
  private flushing = false;

  /** `write` stores the items in one transaction and answers one result per item, in order. */
  constructor(private readonly write: (items: T[]) => Promise<R[]>) {}

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    // Let requests that arrive in the same turn of the event loop join this write.
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      try {
        const results = await this.write(group.map((w) => w.item));
        group.forEach((w, i) => w.resolve(results[i] as R));
      } catch (err) {
        for (const w of group) w.reject(err);
      }
    }
    this.flushing = false;
  }
}
