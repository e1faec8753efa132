// The linker: embeds a plan into the prebuilt Wasm runtime (dist/rego-runtime.wasm) with binaryen.js.
// The plan JSON becomes a passive data segment; the runtime's `sphere.plan_length`/`sphere.plan_copy`
// imports become internal functions that report its size and copy it into the heap at start.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../plan/types';

type Binaryen = typeof import('binaryen', { with: { 'resolution-mode': 'import' } }).default;

// binaryen is ESM-only; this keeps a real dynamic import() in the CommonJS output.
const importESM = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ default: Binaryen }>;
let binaryenPromise: Promise<Binaryen> | undefined;
const loadBinaryen = (): Promise<Binaryen> => (binaryenPromise ??= importESM('binaryen').then((m) => m.default));

const MEMORY = 'mimport$0';

export const RUNTIME_WASM = join(__dirname, '..', '..', '..', '..', 'dist', 'rego-runtime.wasm');

let runtimeBytes: Uint8Array | undefined;
function readRuntime(): Uint8Array {
  if (runtimeBytes) return runtimeBytes;
  if (!existsSync(RUNTIME_WASM)) throw new Error(`the Rego Wasm runtime ${RUNTIME_WASM} is missing: run \`npm run build\``);
  runtimeBytes = readFileSync(RUNTIME_WASM);
  return runtimeBytes;
}

export async function linkPolicy(plan: Plan, options: { runtime?: Uint8Array } = {}): Promise<Uint8Array> {
  const binaryen = await loadBinaryen();
  const mod = binaryen.readBinary(options.runtime ?? readRuntime());
  try {
    // what asc emits by default, plus bulk memory for the plan segment
    const F = binaryen.Features;
    mod.setFeatures(F.MutableGlobals | F.NontrappingFPToInt | F.SignExt | F.BulkMemory | F.BulkMemoryOpt);
    const planBytes = Buffer.from(JSON.stringify(plan), 'utf8');
    const segments: Array<{ offset: number; data: Uint8Array; passive: boolean }> = [];
    // binaryen.js 132 has these at runtime but not in its typings
    const segmentsApi = mod as unknown as { getNumDataSegments(): number; getDataSegmentInfo(ref: number): { offset: number; data: ArrayBuffer; passive: boolean } };
    for (let i = 0; i < segmentsApi.getNumDataSegments(); i++) {
      const info = segmentsApi.getDataSegmentInfo(mod.getDataSegmentByIndex(i));
      segments.push({ offset: mod.i32.const(info.offset), data: new Uint8Array(info.data), passive: info.passive });
    }
    const planSegment = String(segments.length);
    segments.push({ offset: 0, data: planBytes, passive: true });
    const memory = mod.getMemoryInfo();
    // asc names the imported memory `mimport$0` and exports it as `memory`; setMemory re-creates both.
    // No maximum (the SDK's memory has none); the minimum stays what the runtime's static data needs.
    mod.removeExport('memory');
    mod.setMemory(memory.initial, -1, 'memory', segments, false, false, MEMORY);
    mod.addMemoryImport(MEMORY, 'env', 'memory');
    replaceImport(binaryen, mod, 'plan_length', binaryen.none, binaryen.i32, mod.i32.const(planBytes.length));
    replaceImport(binaryen, mod, 'plan_copy', binaryen.i32, binaryen.none, mod.block(null, [
      mod.memory.init(planSegment, mod.local.get(0, binaryen.i32), mod.i32.const(0), mod.i32.const(planBytes.length)),
      mod.data.drop(planSegment),
    ]));
    if (!mod.validate()) throw new Error('internal: the linked policy module does not validate');
    return mod.emitBinary();
  } finally {
    mod.dispose();
  }
}

function replaceImport(binaryen: Binaryen, mod: ReturnType<Binaryen['readBinary']>, base: string, params: number, results: number, body: number): void {
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
    if (info.module === 'sphere' && info.base === base) {
      mod.removeFunction(info.name);
      mod.addFunction(info.name, params, results, [], body);
      return;
    }
  }
  throw new Error(`internal: the runtime does not import sphere.${base}`);
}
