// Contract stub — replaced by the evaluator. The ABI layer (../index.ts) calls exactly these.
import { Value, Obj, Arr } from '../value';

/** Called once at instantiation with the parsed plan JSON (see connector/src/rego/plan/types.ts). */
export function loadPlan(plan: Value): void {}

/** `{"pkg/rule": id}` for the module's `entrypoints` export. */
export function entrypointNames(): Obj {
  return new Obj();
}

/** `{"builtin.name": id}` for the module's `builtins` export (host built-ins only). */
export function hostBuiltinNames(): Obj {
  return new Obj();
}

/** Evaluates an entrypoint; returns the result set `[{"result": v}]`, or `[]` when undefined. */
export function evaluate(entrypoint: i32, data: Value | null, input: Value | null): Arr {
  return new Arr(new Array<Value>());
}
