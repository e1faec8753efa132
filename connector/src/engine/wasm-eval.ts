// One evaluation of a policy loaded by the opa-wasm SDK, JSON text in and JSON text out. Used by the engine and by the
// evaluation workers alike, so both take exactly the same path. For ABI ≥ 1.2 this is the SDK's own fast path (input
// written at the data heap pointer, opa_eval, NUL-terminated result) without its per-call encoder/decoder objects and
// the intermediate input copy; older modules go through the SDK's evaluate().
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { errorMessage } from '../rego/errors';

const PAGE_BYTES = 64 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface AbiExports {
  opa_eval(reserved: number, entrypoint: number, data: number, input: number, inputLen: number, heapPtr: number, format: number): number;
}

/** Wasm pages (64 KiB) a policy instance may grow to: 1 GiB. */
export const POLICY_MEMORY_MAX_PAGES = 16_384;

/**
 * The memory a policy is loaded with (a fresh descriptor: the SDK writes into it). Capped, so a policy that builds a
 * huge value (say `numbers.range(1, 1e9)`) fails that evaluation with a runtime error within seconds, instead of
 * growing towards Wasm's 4 GiB for minutes. The instance keeps what it grew to: Wasm memory never shrinks.
 */
export const policyMemory = (): WebAssembly.MemoryDescriptor => ({ initial: 5, maximum: POLICY_MEMORY_MAX_PAGES });

/** The SDK throws plain strings as well as Errors. */
export { errorMessage };

/** The result set of `entrypoint` (a number from policy.entrypoints) for the input given as JSON text, as JSON text. */
export function evaluateJson(policy: LoadedPolicy, inputJson: string, entrypoint: number): string {
  try {
    return evaluateAbi(policy, inputJson, entrypoint);
  } catch (err) {
    // The runtime traps ("unreachable") when an allocation cannot grow the memory; it grows by doubling, so a
    // failure near the cap can leave up to half of it unused. The log should say where the evaluation stopped.
    const usedMiB = policy.mem.buffer.byteLength / 2 ** 20;
    const limitMiB = (POLICY_MEMORY_MAX_PAGES * PAGE_BYTES) / 2 ** 20;
    if (usedMiB > limitMiB / 2) throw new Error(`policy evaluation stopped at ${Math.round(usedMiB)} MiB of its ${limitMiB} MiB memory limit: ${errorMessage(err)}`);
    throw err;
  }
}

function evaluateAbi(policy: LoadedPolicy, inputJson: string, entrypoint: number): string {
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
