// Published policy revisions (source archive, compiled bundle) and which one serves; adding with activation, and activation, are one transaction each.
import type { DataSource, Repository } from 'typeorm';
import { PolicyRevisionEntity, type PolicyRevisionRow } from './entities';
import { FieldReader, StoreConflictError } from './validate';
import type { NewPolicyRevision, PolicyRevision, SphereStore } from './types';
import type { Writes } from './write-queue';

const toRevision = (row: PolicyRevisionRow): PolicyRevision => ({
  ...row, active: Boolean(row.active), bundle: Buffer.from(row.bundle), source: row.source === null ? null : Buffer.from(row.source),
});

function toRow(input: NewPolicyRevision): PolicyRevisionRow {
  const f = new FieldReader('policy revision', input as unknown as Record<string, unknown>);
  const row: PolicyRevisionRow = {
    revision: f.string('revision', { required: true, max: 128 }) ?? '',
    sha256: f.string('sha256', { required: true, max: 64 }) ?? '',
    author: f.string('author', { required: true, max: 100 }) ?? '',
    createdAt: f.timestamp('createdAt', { required: true }) ?? '',
    source: input.source ?? null,
    bundle: input.bundle,
    active: false,
  };
  if (!Buffer.isBuffer(input.bundle)) f.errors.push('bundle must be a Buffer');
  if (input.source != null && !Buffer.isBuffer(input.source)) f.errors.push('source must be a Buffer or null');
  f.done();
  return row;
}

/** Makes `revision` the only active one; callers run it inside their transaction. */
async function activateIn(tx: Repository<PolicyRevisionRow>, revision: string): Promise<void> {
  await tx.update({ active: true }, { active: false });
  await tx.update({ revision }, { active: true });
}

export function policyRevisionStore(ds: DataSource, writes: Writes): SphereStore['policyRevisions'] {
  const repo = ds.getRepository(PolicyRevisionEntity);
  const get = async (revision: string): Promise<PolicyRevision | null> => {
    const row = await repo.findOneBy({ revision });
    return row ? toRevision(row) : null;
  };
  return {
    add: (input, options = {}) => writes(async () => {
      const row = toRow(input);
      // One transaction: a publish whose activation fails must not leave a stored, never-served revision behind.
      await ds.transaction(async (manager) => {
        const tx = manager.getRepository(PolicyRevisionEntity);
        if (await tx.existsBy({ revision: row.revision })) throw new StoreConflictError('revision_exists', `policy revision ${row.revision} already exists`);
        await tx.insert(row);
        if (options.activate) await activateIn(tx, row.revision);
      });
      return toRevision({ ...row, active: options.activate === true });
    }),
    async list() {
      const rows = await repo.find({ select: { revision: true, sha256: true, author: true, createdAt: true, active: true }, order: { createdAt: 'ASC', revision: 'ASC' } });
      return rows.map((r) => ({ revision: r.revision, sha256: r.sha256, author: r.author, createdAt: r.createdAt, active: Boolean(r.active) }));
    },
    get,
    activate: (revision) => writes(async () => {
      await ds.transaction(async (manager) => {
        const tx = manager.getRepository(PolicyRevisionEntity);
        if (!(await tx.existsBy({ revision }))) throw new StoreConflictError('revision_missing', `policy revision ${revision} does not exist (deleted meanwhile?)`);
        await activateIn(tx, revision);
      });
      return (await get(revision)) as PolicyRevision;
    }),
    async active() {
      const row = await repo.findOneBy({ active: true });
      return row ? toRevision(row) : null;
    },
  };
}
