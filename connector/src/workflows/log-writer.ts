// Group commit for the decision log: entries from concurrent requests are written in one transaction.
// Each caller still waits until its own entries are stored, so an answer is never sent for an unlogged decision,
// and a failed transaction fails every request in it (nothing half-written).
import type { StorePort, Row } from '../input/store-port';
import type { LogEffects } from '../store';
import { GroupCommit } from '../store/group-commit';

interface Appended { entries: Row[]; effects: LogEffects }

export class DecisionLogWriter {
  private readonly commits: GroupCommit<Appended, void>;

  constructor(store: StorePort) {
    this.commits = new GroupCommit<Appended, void>(async (group) => {
      const entries = group.length === 1 ? (group[0] as Appended).entries : group.flatMap((a) => a.entries);
      await store.decisions.append(entries, {
        consentsUsed: group.flatMap((a) => a.effects.consentsUsed ?? []),
        approvals: group.flatMap((a) => a.effects.approvals ?? []),
      });
      return group.map(() => undefined);
    });
  }

  /** `effects`: what the entries' decisions change besides the log, written in the same transaction. */
  append(entries: Row[], effects: LogEffects): Promise<void> {
    return this.commits.submit({ entries, effects });
  }
}
