// The evaluator's entry points, called by the ABI layer (../index.ts).
import { Value, Obj, Arr, Str, intValue } from '../value';
import { Program, loadProgram } from './plan';
import { Evaluator } from './evaluator';

let program: Program | null = null;
let evaluator: Evaluator | null = null;

/** Called once at instantiation with the parsed plan JSON (see connector/src/rego/plan/types.ts). */
export function loadPlan(plan: Value): void {
  const p = loadProgram(plan);
  program = p;
  evaluator = new Evaluator(p);
}

function names(list: Array<string>): Obj {
  const o = new Obj();
  for (let i = 0; i < list.length; i++) o.insert(new Str(list[i]), intValue(i));
  return o;
}

/** `{"pkg/rule": id}` for the module's `entrypoints` export. */
export function entrypointNames(): Obj {
  return names((<Program>program).entryNames);
}

/** `{"builtin.name": id}` for the module's `builtins` export (host built-ins only). */
export function hostBuiltinNames(): Obj {
  return names((<Program>program).hostNames);
}

/** The id of host built-in `name` in the module's `builtins` export, or -1 when the plan declares none. */
export function hostBuiltinId(name: string): i32 {
  return (<Program>program).hostNames.indexOf(name);
}

export function entrypointCount(): i32 {
  return (<Program>program).entryNames.length;
}

/** Evaluates an entrypoint; returns the result set `[{"result": v}]`, or `[]` when undefined. */
export function evaluate(entrypoint: i32, data: Value | null, input: Value | null): Arr {
  const ev = <Evaluator>evaluator;
  ev.reset(input, data === null ? new Obj() : data);
  const v = ev.entrypoint((<Program>program).entryPaths[entrypoint]);
  const results = new Array<Value>();
  if (v !== null) {
    const row = new Obj();
    row.insert(new Str('result'), v);
    results.push(row);
  }
  return new Arr(results);
}
