// Publish pipeline: source folder or bundle → compile → Rego tests → store and activate the revision (one transaction) → atomic swap; rollback re-activates a stored one.
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { create as createTar } from 'tar';
import type { StorePort } from '../input/store-port';
import type { ConnectorMetrics } from '../metrics';
import { untarGz, BundleError } from '../rego/bundle';
import { compilePolicyDir, PolicyRejectedError } from './compiler';
import type { ActivePolicy, PolicyEngine } from './policy-engine';
import { sha256Hex } from '../workflows/canonical';

export interface PublishResult { revision: string; sha256: string; kind: 'source' | 'bundle' }

const DIGEST_LENGTH = 12;

function revisionName(digest: string, at: Date): string {
  return `${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${digest}`;
}

/** Content digest of a policy folder (paths + bytes, archive metadata ignored): the same sources give the same suffix. */
export function sourceDigest(dir: string): string {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(dir);
  const parts = files.map((f) => relative(dir, f).split(sep).join('/')).sort().map((rel) => `${rel}\0${sha256Hex(readFileSync(join(dir, rel)).toString('base64'))}`);
  return sha256Hex(parts.join('\n')).slice(0, DIGEST_LENGTH);
}

async function tarGzDir(dir: string): Promise<Buffer> {
  const work = mkdtempSync(join(tmpdir(), 'sphere-pack-'));
  try {
    const file = join(work, 'source.tar.gz');
    await createTar({ gzip: true, cwd: dir, file, portable: true, filter: (p) => !p.includes('node_modules') }, ['.']);
    return readFileSync(file);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// Errors that come from the archive's shape (a file where a folder must go, a name too long), not from the disk.
const ARCHIVE_SHAPE_ERRORS = new Set(['ENOTDIR', 'EISDIR', 'EEXIST', 'ENAMETOOLONG', 'EINVAL']);

function extractTo(files: Map<string, Buffer>, dir: string): void {
  const root = resolve(dir);
  for (const [path, content] of files) {
    const target = resolve(root, path);
    if (!target.startsWith(root + sep)) throw new PolicyRejectedError('bundle', [`archive entry escapes the folder: ${path}`]);
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (ARCHIVE_SHAPE_ERRORS.has(code)) throw new PolicyRejectedError('bundle', [`archive entry ${path} cannot be unpacked (${code}: a file and a folder share a path, or the name is invalid)`]);
      throw err;
    }
  }
}

export class PolicyPublisher {
  constructor(private readonly store: StorePort, private readonly engine: PolicyEngine, private readonly metrics: ConnectorMetrics) {}

  /** A tar.gz that holds /policy.wasm is a prebuilt bundle; anything else is a policy source folder. */
  async publishArchive(archive: Buffer, author: string): Promise<PublishResult> {
    let files: Map<string, Buffer>;
    try {
      files = untarGz(archive);
    } catch (err) {
      throw new PolicyRejectedError('bundle', [(err as BundleError).message]);
    }
    if (files.has('policy.wasm')) return this.install({ bundle: archive, files, source: null, author, kind: 'bundle' });
    const work = mkdtempSync(join(tmpdir(), 'sphere-publish-'));
    try {
      extractTo(files, work);
      return await this.install({ ...(await this.compileSource(work)), source: archive, author, kind: 'source' });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  async publishDir(dir: string, author: string): Promise<PublishResult> {
    return this.install({ ...(await this.compileSource(dir)), source: await tarGzDir(dir), author, kind: 'source' });
  }

  /** For read-only use (`sphere decide`): compiles the folder and serves it in this process only; nothing is stored. */
  async loadUnpublished(dir: string): Promise<string> {
    const { bundle, revision } = await this.compileSource(dir);
    return this.serve(await this.prepare(bundle, revision));
  }

  private async compileSource(dir: string): Promise<{ bundle: Buffer; revision: string }> {
    const revision = revisionName(sourceDigest(dir), new Date());
    return { bundle: await compilePolicyDir(dir, revision), revision };
  }

  /** A bundle that cannot serve decisions is a rejected publish (422), not a failure of the connector. */
  private async prepare(bundle: Buffer, revision?: string, files?: Map<string, Buffer>): Promise<ActivePolicy> {
    try {
      return await this.engine.prepare(bundle, revision, files);
    } catch (err) {
      throw new PolicyRejectedError('bundle', [(err as Error).message]);
    }
  }

  private serve(prepared: ActivePolicy): string {
    this.engine.activate(prepared);
    this.metrics.setActiveRevision(prepared.revision);
    return prepared.revision;
  }

  private async install(p: { bundle: Buffer; files?: Map<string, Buffer>; revision?: string; source: Buffer | null; author: string; kind: PublishResult['kind'] }): Promise<PublishResult> {
    const prepared = await this.prepare(p.bundle, p.revision, p.files);
    if (await this.store.policyRevisions.get(prepared.revision)) {
      throw new PolicyRejectedError('bundle', [`revision ${prepared.revision} already exists; activate it with POST /v1/policies/${prepared.revision}/activate`]);
    }
    await this.store.policyRevisions.add({ revision: prepared.revision, sha256: prepared.sha256, source: p.source, bundle: p.bundle, author: p.author, createdAt: new Date() }, { activate: true });
    this.serve(prepared);
    return { revision: prepared.revision, sha256: prepared.sha256, kind: p.kind };
  }

  /** Rollback (or roll forward) to a stored revision; returns false when it does not exist. */
  async activate(revision: string): Promise<boolean> {
    const stored = await this.store.policyRevisions.get(revision);
    if (!stored?.bundle) return false;
    const prepared = await this.engine.prepare(Buffer.from(stored.bundle), revision);
    await this.store.policyRevisions.activate(revision);
    this.serve(prepared);
    return true;
  }

  /** True when exactly these sources were published before (then a rollback away from them is respected). */
  async wasPublished(dir: string): Promise<boolean> {
    const suffix = `-${sourceDigest(dir)}`;
    return (await this.store.policyRevisions.list()).some((r) => String(r.revision).endsWith(suffix));
  }

  /** At start: serve the revision the store marks active, if any. */
  async loadActive(): Promise<string | null> {
    const active = await this.store.policyRevisions.active();
    if (!active?.bundle || !active.revision) return null;
    return this.serve(await this.engine.prepare(Buffer.from(active.bundle), active.revision));
  }
}
