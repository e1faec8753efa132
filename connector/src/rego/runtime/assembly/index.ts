// The module's OPA Wasm ABI (version 1.3): what @open-policy-agent/opa-wasm calls. Evaluation itself is
// the plan evaluator (./eval); the plan is embedded by the linker and loaded when the module starts.
import { Value, Obj, Arr, Str, T_OBJECT } from './value';
import { parseJSON, dumpJSON, dumpRego } from './json';
import { runtimeError } from './host';
import { loadPlan, entrypointNames, hostBuiltinNames, evaluate, entrypointCount } from './eval';
import { upsert, copyObj } from './eval/evaluator';

// Resolved by the linker: the plan JSON lives in a passive data segment copied out at start.
@external("sphere", "plan_length") declare function planLength(): i32;
@external("sphere", "plan_copy") declare function planCopy(dest: usize): void;

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 3;

function loadEmbeddedPlan(): void {
  const len = planLength();
  const buf = __alloc(<usize>len);
  planCopy(buf);
  const plan = parseJSON(buf, len);
  if (plan === null) runtimeError('internal: the embedded plan is not valid JSON');
  loadPlan(<Value>plan);
}
loadEmbeddedPlan();

// ---- memory ----
export function opa_malloc(size: i32): usize {
  return __alloc(<usize>size);
}

export function opa_free(ptr: usize): void {
  // bump heap: memory is reclaimed when the SDK resets the heap pointer
}

// The stub runtime keeps its bump pointer private; its own functions move it. A probe block (allocated
// and freed again as the last block) reads it; __reset + one allocation sets it. Both write only the
// 4-byte size field of a block header: at the free top of the heap, or of the first start-up object
// (whose size field is never read again: start-up objects are not reallocated or freed).
const BLOCK_OVERHEAD: usize = 4;
const ALIGN_MASK: usize = 15;

function heapPointer(): usize {
  const probe = __alloc(0);
  __free(probe);
  return probe - BLOCK_OVERHEAD;
}

function setHeapPointer(ptr: usize): void {
  const target = ((ptr + BLOCK_OVERHEAD + ALIGN_MASK) & ~ALIGN_MASK) - BLOCK_OVERHEAD;
  __reset();
  const start = heapPointer();
  if (target > start) __alloc(target - start - BLOCK_OVERHEAD);
}

export function opa_heap_ptr_get(): usize {
  return heapPointer();
}

export function opa_heap_ptr_set(ptr: usize): void {
  setHeapPointer(ptr);
}

// Heap block stashing (ABI 1.2) only matters for a freeing allocator; ours never reuses blocks.
export function opa_heap_blocks_stash(): void {}
export function opa_heap_blocks_restore(): void {}
export function opa_heap_stash_clear(): void {}

// ---- values ----
export function opa_json_parse(ptr: usize, len: i32): usize {
  const v = parseJSON(ptr, len);
  return v === null ? 0 : changetype<usize>(v);
}

export function opa_value_parse(ptr: usize, len: i32): usize {
  return opa_json_parse(ptr, len);
}

export function opa_json_dump(v: usize): usize {
  return dumpJSON(changetype<Value>(v));
}

export function opa_value_dump(v: usize): usize {
  return dumpRego(changetype<Value>(v));
}

export function opa_value_free(v: usize): void {}

/** setData with a path: base[path…] = value (objects created along the way). Returns 0 on success. */
export function opa_value_add_path(base: usize, path: usize, value: usize): i32 {
  const b = changetype<Value>(base);
  const p = changetype<Value>(path);
  if (b.kind != T_OBJECT || !(p instanceof Arr)) return 1;
  const updated = changetype<Obj>(upsert(b, changetype<Arr>(p).items, 0, changetype<Value>(value)));
  replaceObject(changetype<Obj>(b), updated);
  return 0;
}

export function opa_value_remove_path(base: usize, path: usize): i32 {
  const b = changetype<Value>(base);
  const p = changetype<Value>(path);
  if (b.kind != T_OBJECT || !(p instanceof Arr)) return 1;
  const items = changetype<Arr>(p).items;
  if (items.length == 0) return 1;
  let node = changetype<Obj>(b);
  for (let i = 0; i < items.length - 1; i++) {
    const next = node.get(items[i]);
    if (next === null || next.kind != T_OBJECT) return 0;
    node = changetype<Obj>(next);
  }
  node.remove(items[items.length - 1]);
  return 0;
}

function replaceObject(target: Obj, source: Obj): void {
  const copy = copyObj(source);
  target.keys.length = 0;
  target.vals.length = 0;
  for (let i = 0; i < copy.keys.length; i++) {
    target.keys.push(copy.keys[i]);
    target.vals.push(copy.vals[i]);
  }
}

// ---- module description ----
export function builtins(): usize {
  return changetype<usize>(hostBuiltinNames());
}

export function entrypoints(): usize {
  return changetype<usize>(entrypointNames());
}

// ---- evaluation, legacy path: ctx {input@0, data@4, result@8, entrypoint@12} ----
export function opa_eval_ctx_new(): usize {
  const ctx = __alloc(16);
  store<u32>(ctx, 0);
  store<u32>(ctx, 0, 4);
  store<u32>(ctx, 0, 8);
  store<u32>(ctx, 0, 12);
  return ctx;
}

export function opa_eval_ctx_set_input(ctx: usize, v: usize): void {
  store<u32>(ctx, <u32>v);
}

export function opa_eval_ctx_set_data(ctx: usize, v: usize): void {
  store<u32>(ctx, <u32>v, 4);
}

export function opa_eval_ctx_set_entrypoint(ctx: usize, id: i32): void {
  store<i32>(ctx, id, 12);
}

export function opa_eval_ctx_get_result(ctx: usize): usize {
  return <usize>load<u32>(ctx, 8);
}

function checkedEntrypoint(id: i32): i32 {
  if (id < 0 || id >= entrypointCount()) runtimeError('internal: illegal entrypoint id');
  return id;
}

function valueOrNull(addr: usize): Value | null {
  return addr == 0 ? null : changetype<Value>(addr);
}

export function eval(ctx: usize): i32 {
  const input = valueOrNull(<usize>load<u32>(ctx));
  const data = valueOrNull(<usize>load<u32>(ctx, 4));
  const result = evaluate(checkedEntrypoint(load<i32>(ctx, 12)), data, input);
  store<u32>(ctx, <u32>changetype<usize>(result), 8);
  return 0;
}

// ---- evaluation, fast path (ABI 1.2+) ----
export function opa_eval(reserved: i32, entrypoint: i32, data: usize, input: usize, inputLen: i32, heapPtr: usize, format: i32): usize {
  if (reserved != 0) runtimeError('invalid reserved argument');
  setHeapPointer(heapPtr);
  let inputValue: Value | null = null;
  if (inputLen > 0) {
    inputValue = parseJSON(input, inputLen);
    if (inputValue === null) runtimeError('invalid input: not JSON');
  }
  const result = evaluate(checkedEntrypoint(entrypoint), valueOrNull(data), inputValue);
  return format == 1 ? dumpRego(result) : dumpJSON(result);
}

