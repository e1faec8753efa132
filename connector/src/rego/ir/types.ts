// Intermediate representation between the planner and the Wasm code generator.
// It mirrors OPA's `ir` package (the format `opa build -t plan` prints) statement for statement,
// so OPA's planner and its Wasm backend (internal/compiler/wasm) document its semantics.

import type { Location } from '../ast/types';

/** Local variable slot. 0 holds `input`, 1 holds `data` in every plan and function. */
export type Local = number;
export const INPUT_LOCAL: Local = 0;
export const DATA_LOCAL: Local = 1;

/** An operand: a local, a boolean constant, or an index into `Static.strings`. */
export type Operand =
  | { kind: 'local'; local: Local }
  | { kind: 'bool'; value: boolean }
  | { kind: 'string_index'; index: number };

export interface Static {
  /** string constants: object keys, string literals, and number literals that are not 64-bit integers (decimal text) */
  strings: string[];
  /** built-ins the policy calls, natively implemented or host-provided (see ../builtins/catalogue.ts) */
  builtinFuncs: Array<{ name: string; arity: number }>;
  /** source file names, for locations in runtime errors */
  files: string[];
}

export interface Block { stmts: Stmt[] }

/** One entrypoint: its blocks add the result `{"result": value}` bindings to the result set. */
export interface Plan { name: string; blocks: Block[] }

/** A rule or function: params start with input and data; returns the local named by `ret` (undefined when unset). */
export interface Func {
  name: string;
  params: Local[];
  ret: Local;
  blocks: Block[];
  /** data path of the rule, e.g. ["g0", "a", "b", "p"] as OPA prints it */
  path: string[];
}

export interface Policy {
  static: Static;
  plans: Plan[];
  funcs: Func[];
}

interface StmtBase { loc?: Location }

export type Stmt =
  | (StmtBase & { type: 'ReturnLocalStmt'; source: Local })
  /** `func` is a built-in name from Static.builtinFuncs or a Func name. Args of Funcs start with input, data. */
  | (StmtBase & { type: 'CallStmt'; func: string; args: Operand[]; result: Local })
  /** call a rule function whose name is computed at run time from operand path segments (dynamic data refs) */
  | (StmtBase & { type: 'CallDynamicStmt'; path: Operand[]; args: Local[]; result: Local })
  | (StmtBase & { type: 'BlockStmt'; blocks: Block[] })
  /** leave `index` enclosing blocks (0 = the block containing this statement) */
  | (StmtBase & { type: 'BreakStmt'; index: number })
  /** target = source[key]; undefined → the statement fails (its block is left) */
  | (StmtBase & { type: 'DotStmt'; source: Operand; key: Operand; target: Local })
  | (StmtBase & { type: 'LenStmt'; source: Operand; target: Local })
  /** for each (key, value) of source run block; source not a collection → nothing */
  | (StmtBase & { type: 'ScanStmt'; source: Local; key: Local; value: Local; block: Block })
  /** succeeds when block fails */
  | (StmtBase & { type: 'NotStmt'; block: Block })
  | (StmtBase & { type: 'AssignIntStmt'; value: bigint; target: Local })
  | (StmtBase & { type: 'AssignVarStmt'; source: Operand; target: Local })
  /** assign if target is unset; if set to an equal value do nothing; else runtime error "var assignment conflict" */
  | (StmtBase & { type: 'AssignVarOnceStmt'; source: Operand; target: Local })
  | (StmtBase & { type: 'ResetLocalStmt'; target: Local })
  | (StmtBase & { type: 'MakeNullStmt'; target: Local })
  | (StmtBase & { type: 'MakeNumberIntStmt'; value: bigint; target: Local })
  /** number from the decimal text at Static.strings[index] */
  | (StmtBase & { type: 'MakeNumberRefStmt'; index: number; target: Local })
  | (StmtBase & { type: 'MakeArrayStmt'; capacity: number; target: Local })
  | (StmtBase & { type: 'MakeObjectStmt'; target: Local })
  | (StmtBase & { type: 'MakeSetStmt'; target: Local })
  /** fail unless a == b */
  | (StmtBase & { type: 'EqualStmt'; a: Operand; b: Operand })
  | (StmtBase & { type: 'NotEqualStmt'; a: Operand; b: Operand })
  | (StmtBase & { type: 'IsArrayStmt'; source: Operand })
  | (StmtBase & { type: 'IsObjectStmt'; source: Operand })
  | (StmtBase & { type: 'IsSetStmt'; source: Operand })
  | (StmtBase & { type: 'IsDefinedStmt'; source: Local })
  | (StmtBase & { type: 'IsUndefinedStmt'; source: Local })
  | (StmtBase & { type: 'ArrayAppendStmt'; value: Operand; array: Local })
  | (StmtBase & { type: 'ObjectInsertStmt'; key: Operand; value: Operand; object: Local })
  /** insert; an existing key with a different value → runtime error "object insert conflict" */
  | (StmtBase & { type: 'ObjectInsertOnceStmt'; key: Operand; value: Operand; object: Local })
  /** deep merge of two objects (a wins on leaves); fails if not mergeable */
  | (StmtBase & { type: 'ObjectMergeStmt'; a: Local; b: Local; target: Local })
  | (StmtBase & { type: 'SetAddStmt'; value: Operand; set: Local })
  /** run block with `local` (input or data) replaced by a copy whose value at the string path Static.strings[path[i]]… is `value` */
  | (StmtBase & { type: 'WithStmt'; local: Local; path: number[]; value: Operand; block: Block })
  | (StmtBase & { type: 'NopStmt' })
  /** add value (an object {"result": …}) to the plan's result set */
  | (StmtBase & { type: 'ResultSetAddStmt'; value: Local });
