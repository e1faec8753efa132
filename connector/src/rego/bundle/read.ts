// Reads an OPA bundle (.tar.gz with /policy.wasm, /data.json, /.manifest) — Sphere-built or from `opa build -t wasm`.
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';

export interface BundleContents {
  wasm: Buffer;
  data: Record<string, unknown>;
  manifest: { revision?: string; roots?: string[]; [k: string]: unknown };
}

export class BundleError extends Error {}

export function isGzip(buf: Buffer): boolean {
  return buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

/** Lists every regular file of a tar.gz as path → content (paths without a leading "./" or "/"). */
export function untarGz(buf: Buffer): Map<string, Buffer> {
  if (!isGzip(buf)) throw new BundleError('not a gzip-compressed tar archive');
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(buf);
  } catch (err) {
    throw new BundleError(`cannot decompress archive: ${(err as Error).message}`);
  }
  const files = new Map<string, Buffer>();
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => {
        if (entry.type === 'File' || entry.type === 'OldFile') files.set(entry.path.replace(/^(\.\/|\/)+/, ''), Buffer.concat(chunks));
      });
    },
  });
  let failure: Error | undefined;
  parser.on('warn', (_code: string, message: string | Error) => { failure ??= new BundleError(`invalid tar archive: ${String(message)}`); });
  parser.write(tarBytes);
  parser.end();
  if (failure) throw failure;
  return files;
}

export function readBundle(buf: Buffer): BundleContents {
  const files = untarGz(buf);
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
