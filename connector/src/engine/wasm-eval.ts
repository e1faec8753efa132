// One evaluation of a policy loaded by the opa-wasm SDK, JSON text in and JSON text out. Used by the engine and by the
// evaluation workers alike, so both take exactly the same path. For ABI ≥ 1.2 this is the SDK's own fast path (input
// written at the data heap pointer, opa_eval, NUL-terminated result) without its per-call encoder/decoder objects and
// the intermediate input copy; older modules go through the SDK's evaluate().
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';

const PAGE_BYTES = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface AbiExports {
  opa_eval(reserved: number, entrypoint: number, data: number, input: number, inputLen: number, heapPtr: number, format: number): number;
}

/** The SDK throws plain strings as well as Errors. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The result set of `entrypoint` (a number from policy.entrypoints) for the input given as JSON text, as JSON text. */
export function evaluateJson(policy: LoadedPolicy, inputJson: string, entrypoint: number): string {
  if (!(Number(policy.minorVersion) >= 2)) return JSON.stringify(policy.evaluate(JSON.parse(inputJson), entrypoint));
  const mem = policy.mem;
  const inputAddr = policy.dataHeapPtr as number;
  // UTF-8 needs at most 3 bytes per UTF-16 unit; only when that bound does not fit, grow by what is needed, as the SDK does.
  if (inputAddr + inputJson.length * 3 > mem.buffer.byteLength) {
    const missing = inputAddr + Buffer.byteLength(inputJson, 'utf8') - mem.buffer.byteLength;
    if (missing > 0) mem.grow(Math.ceil(missing / PAGE_BYTES));
  }
  const { written } = encoder.encodeInto(inputJson, new Uint8Array(mem.buffer, inputAddr));
  const instance = (policy.wasmInstance as WebAssembly.Instance).exports as unknown as AbiExports;
  const resultAddr = instance.opa_eval(0, entrypoint, policy.dataAddr, inputAddr, written, inputAddr + written, 0);
  const bytes = new Uint8Array(mem.buffer); // opa_eval may have grown (and so replaced) the buffer
  const end = bytes.indexOf(0, resultAddr);
  if (end < 0) throw new Error('policy result is not NUL-terminated');
  return decoder.decode(bytes.subarray(resultAddr, end));
}
