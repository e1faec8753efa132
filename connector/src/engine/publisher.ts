// Publish pipeline: source folder or bundle → compile → Rego tests → store revision → atomic swap; rollback re-activates a stored one.
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { create as createTar } from 'tar';
import type { StorePort } from '../input/store-port';
import type { ConnectorMetrics } from '../metrics';
import { untarGz, BundleError } from '../rego/bundle';
import { compilePolicyDir, PolicyRejectedError } from './compiler';
import type { PolicyEngine } from './policy-engine';
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

function extractTo(files: Map<string, Buffer>, dir: string): void {
  const root = resolve(dir);
  for (const [path, content] of files) {
    const target = resolve(root, path);
    if (!target.startsWith(root + sep)) throw new PolicyRejectedError('bundle', [`archive entry escapes the folder: ${path}`]);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
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
    if (files.has('policy.wasm')) return this.install(archive, null, author, 'bundle');
    const work = mkdtempSync(join(tmpdir(), 'sphere-publish-'));
    try {
      extractTo(files, work);
      return await this.publishSource(work, archive, author);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  async publishDir(dir: string, author: string): Promise<PublishResult> {
    return this.publishSource(dir, await tarGzDir(dir), author);
  }

  private async publishSource(dir: string, source: Buffer, author: string): Promise<PublishResult> {
    const revision = revisionName(sourceDigest(dir), new Date());
    const bundle = await compilePolicyDir(dir, revision);
    return this.install(bundle, source, author, 'source', revision);
  }

  private async install(bundle: Buffer, source: Buffer | null, author: string, kind: PublishResult['kind'], revision?: string): Promise<PublishResult> {
    let prepared;
    try {
      prepared = await this.engine.prepare(bundle, revision);
    } catch (err) {
      throw new PolicyRejectedError('bundle', [(err as Error).message]);
    }
    if (await this.store.policyRevisions.get(prepared.revision)) {
      throw new PolicyRejectedError('bundle', [`revision ${prepared.revision} already exists; activate it with POST /v1/policies/${prepared.revision}/activate`]);
    }
    await this.store.policyRevisions.add({ revision: prepared.revision, sha256: prepared.sha256, source, bundle, author, createdAt: new Date() });
    await this.store.policyRevisions.activate(prepared.revision);
    this.engine.activate(prepared);
    this.metrics.setActiveRevision(prepared.revision);
    return { revision: prepared.revision, sha256: prepared.sha256, kind };
  }

  /** Rollback (or roll forward) to a stored revision; returns false when it does not exist. */
  async activate(revision: string): Promise<boolean> {
    const stored = await this.store.policyRevisions.get(revision);
    if (!stored?.bundle) return false;
    const prepared = await this.engine.prepare(Buffer.from(stored.bundle), revision);
    await this.store.policyRevisions.activate(revision);
    this.engine.activate(prepared);
    this.metrics.setActiveRevision(revision);
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
    const prepared = await this.engine.prepare(Buffer.from(active.bundle), active.revision);
    this.engine.activate(prepared);
    this.metrics.setActiveRevision(prepared.revision);
    return prepared.revision;
  }
}
