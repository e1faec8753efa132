// Calls out of the module: host built-ins through the SDK's opa_builtinN imports, and aborting an evaluation.
import { Value } from './value';
import { toCString } from './json';

@external("env", "opa_abort") declare function opa_abort(message: usize): void;
@external("env", "opa_builtin0") declare function opa_builtin0(id: i32, ctx: usize): usize;
@external("env", "opa_builtin1") declare function opa_builtin1(id: i32, ctx: usize, a: usize): usize;
@external("env", "opa_builtin2") declare function opa_builtin2(id: i32, ctx: usize, a: usize, b: usize): usize;
@external("env", "opa_builtin3") declare function opa_builtin3(id: i32, ctx: usize, a: usize, b: usize, c: usize): usize;
@external("env", "opa_builtin4") declare function opa_builtin4(id: i32, ctx: usize, a: usize, b: usize, c: usize, d: usize): usize;

/** Calls host built-in `id` (its index in the module's `builtins` export); null when the result is undefined. */
export function callHost(id: i32, args: Array<Value>): Value | null {
  let r: usize = 0;
  const n = args.length;
  if (n == 0) r = opa_builtin0(id, 0);
  else if (n == 1) r = opa_builtin1(id, 0, changetype<usize>(args[0]));
  else if (n == 2) r = opa_builtin2(id, 0, changetype<usize>(args[0]), changetype<usize>(args[1]));
  else if (n == 3) r = opa_builtin3(id, 0, changetype<usize>(args[0]), changetype<usize>(args[1]), changetype<usize>(args[2]));
  else r = opa_builtin4(id, 0, changetype<usize>(args[0]), changetype<usize>(args[1]), changetype<usize>(args[2]), changetype<usize>(args[3]));
  return r == 0 ? null : changetype<Value>(r);
}

/** Ends the evaluation: the SDK throws `message` (ASCII) to its caller. */
export function runtimeError(message: string): void {
  opa_abort(toCString(message));
  unreachable();
}
