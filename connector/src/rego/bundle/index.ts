// OPA bundles (.tar.gz with /policy.wasm, /data.json, /.manifest): written by `sphere policy build`,
// read for bundles from Sphere or from `opa build -t wasm`.
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

export { readBundle, bundleContents, untarGz, isGzip, BundleError, MAX_UNPACKED_BYTES, MAX_ENTRY_BYTES, MAX_ENTRIES, type BundleContents } from './read';

export interface BundleManifest {
  revision: string;
  roots: string[];
  wasm: Array<{ entrypoint: string; module: string }>;
}

/** A tar.gz in OPA's bundle layout (the same files `opa build -t wasm -e …` writes). */
export function writeBundle(wasm: Uint8Array, entrypoints: string[], data: unknown, revision?: string): Buffer {
  const manifest: BundleManifest = {
    revision: revision ?? createHash('sha256').update(wasm).digest('hex').slice(0, 12),
    roots: [''],
    wasm: entrypoints.map((entrypoint) => ({ entrypoint, module: '/policy.wasm' })),
  };
  return packTarGz([
    ['/data.json', Buffer.from(JSON.stringify(data ?? {}))],
    ['/policy.wasm', Buffer.from(wasm)],
    ['/.manifest', Buffer.from(JSON.stringify(manifest))],
  ]);
}

/** A tar.gz of regular files in the order given; tests also build archive shapes with it that no folder can hold. */
export function packTarGz(files: Array<[name: string, content: Buffer]>): Buffer {
  return gzipSync(Buffer.concat([...files.flatMap(([name, content]) => [tarHeader(name, content.length), pad(content)]), Buffer.alloc(1024)]));
}

// ustar headers, written directly: the tar package streams to files, and a bundle is three small buffers.
function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write('0', 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

function pad(content: Buffer): Buffer {
  const rest = content.length % 512;
  return rest === 0 ? content : Buffer.concat([content, Buffer.alloc(512 - rest)]);
}
