// Reads an OPA bundle (.tar.gz with /policy.wasm, /data.json, /.manifest) — Sphere-built or from `opa build -t wasm`.
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';

export interface BundleContents {
  wasm: Buffer;
  data: Record<string, unknown>;
  manifest: { revision?: string; roots?: string[]; [k: string]: unknown };
}

export class BundleError extends Error {}

const MiB = 1024 * 1024;
// Archives arrive over HTTP (POST /v1/policies), so a few KB of gzip must not unpack into gigabytes. Sphere's own
// bundle unpacks to ~200 KB and the policies/ folder to ~200 KB in ~30 files; the limits leave ample room above that.
/** The whole unpacked tar stream: bounds memory and what a source archive writes to disk. */
export const MAX_UNPACKED_BYTES = 64 * MiB;
/** One file (a module, policy.wasm or a data document); checked from the tar header, so the file is named. */
export const MAX_ENTRY_BYTES = 16 * MiB;
/** Entries of any type: a source archive becomes one file each on disk before it is compiled. */
export const MAX_ENTRIES = 10_000;

export function isGzip(buf: Buffer): boolean {
  return buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

function gunzipLimited(buf: Buffer): Buffer {
  if (!isGzip(buf)) throw new BundleError('not a gzip-compressed tar archive');
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(buf, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new BundleError(`archive unpacks to more than ${MAX_UNPACKED_BYTES / MiB} MiB (the limit for policy archives)`);
    }
    throw new BundleError(`cannot decompress archive: ${(err as Error).message}`);
  }
  // The tar parser would unpack a second gzip layer by itself, outside the limit above.
  if (isGzip(tarBytes)) throw new BundleError('archive is compressed twice; expected a tar inside one gzip layer');
  return tarBytes;
}

/** Lists every regular file of a tar.gz as path → content (paths without a leading "./" or "/"), within the limits above. */
export function untarGz(buf: Buffer): Map<string, Buffer> {
  const tarBytes = gunzipLimited(buf);
  const files = new Map<string, Buffer>();
  let failure: BundleError | undefined;
  let entries = 0;
  // zstd: false, because the parser would otherwise decompress a zstd stream found inside the tar as well.
  const parser = new Parser({
    zstd: false,
    onReadEntry: (entry: ReadEntry) => {
      const path = entry.path.replace(/^(\.\/|\/)+/, '');
      entries += 1;
      if (entries > MAX_ENTRIES) return reject(entry, `archive has more than ${MAX_ENTRIES} entries (the limit for policy archives)`);
      if (entry.size > MAX_ENTRY_BYTES) return reject(entry, `archive entry ${path} is larger than ${MAX_ENTRY_BYTES / MiB} MiB (the limit for one file)`);
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        if (entry.type === 'File' || entry.type === 'OldFile') files.set(path, Buffer.concat(chunks));
      });
    },
  });
  const reject = (entry: ReadEntry, message: string): void => {
    failure ??= new BundleError(message);
    entry.resume();
    parser.abort(failure);
  };
  parser.on('warn', (_code: string, message: string | Error) => { failure ??= new BundleError(`invalid tar archive: ${String(message)}`); });
  // abort() reports through 'error'; the reason is already in `failure`.
  parser.on('error', (err: Error) => { failure ??= new BundleError(`invalid tar archive: ${err.message}`); });
  parser.write(tarBytes);
  parser.end();
  if (failure) throw failure;
  return files;
}

/** The bundle files of an unpacked archive (see untarGz). */
export function bundleContents(files: Map<string, Buffer>): BundleContents {
  const wasm = files.get('policy.wasm');
  if (!wasm) throw new BundleError('bundle has no /policy.wasm');
  const parseJson = (name: string): Record<string, unknown> => {
    const raw = files.get(name);
    if (!raw) return {};
    try {
      return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new BundleError(`bundle /${name} is not valid JSON: ${(err as Error).message}`);
    }
  };
  return { wasm, data: parseJson('data.json'), manifest: parseJson('.manifest') };
}

export function readBundle(buf: Buffer): BundleContents {
  return bundleContents(untarGz(buf));
}
