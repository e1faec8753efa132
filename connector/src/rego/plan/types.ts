// The plan: what the planner (./index.ts) makes of a checked policy and what the Wasm runtime's
// evaluator (../runtime/assembly/eval) executes. The linker embeds it as JSON text in the module's
// data segment; the runtime parses it once at instantiation, so its shape is plain JSON (arrays as
// tuples to keep it small) and every name is already resolved to an index.
//
// Conventions:
// - `Slot` is an index into the frame of the rule, function or query being evaluated. Every local
//   var of a rule definition (args, body vars, comprehension and `every` vars, wildcards) has its
//   own slot; `nslots` on the rule set gives the frame size (shared by all its definitions).
// - Bodies are already ordered for safety (see ./body.ts): evaluating literals left to
//   right, a var is read only after an earlier literal (or the enclosing scope) may have bound it —
//   but an unbound var may still appear in `eq` (unification binds it) and as a ref operand
//   (iteration binds it).

/** [file index into Plan.files, row, col] — for runtime error messages such as conflicts. */
export type PlanLoc = [number, number, number];

export type Slot = number;

export type PlanTerm =
  /** local var */
  | ['var', Slot]
  /** ground constant written as JSON (null, boolean, number text kept exact, string, array, object with string keys) */
  | ['const', unknown]
  /** exact number literal text (e.g. "12345678901234567890", "0.1"): parse with the runtime's number parser */
  | ['num', string]
  | ['array', PlanTerm[]]
  | ['set', PlanTerm[]]
  | ['object', Array<[PlanTerm, PlanTerm]>]
  /** reference: head then operands; `a.b[x]` → ['ref', head, [['const','b'], ['var', x]]] */
  | ['ref', PlanRefHead, PlanTerm[]]
  | ['arraycomp', PlanTerm, PlanBody]
  | ['setcomp', PlanTerm, PlanBody]
  | ['objectcomp', PlanTerm, PlanTerm, PlanBody];

/** The root a ref starts from. `data` refs walk the virtual tree (Plan.tree) merged with base data. */
export type PlanRefHead = ['input'] | ['data'] | ['var', Slot] | ['term', PlanTerm];

/** What a call calls. */
export type PlanCallee =
  /** built-in implemented in the runtime; the name is the catalogue key (`count`, `time.date`, `equal`) */
  | ['builtin', string]
  /** built-in supplied by the host through opa_builtinN; index into Plan.hostBuiltins */
  | ['host', number]
  /** user-defined function: index into Plan.rules (a rule set of kind 'function') */
  | ['func', number];

export type PlanExpr =
  /** call used as a test (no out term: true when the result is defined and not false), or with an
   *  out term that the result is unified with */
  | ['call', PlanCallee, PlanTerm[], PlanTerm | null]
  /** unification `a = b` (also `:=` after the checks); either side may contain unbound vars */
  | ['eq', PlanTerm, PlanTerm]
  /** a term used as a test: true when defined and not `false` */
  | ['term', PlanTerm]
  /** every key, value in domain { body } — key slot -1 in the one-variable form */
  | ['every', Slot, Slot, PlanTerm, PlanBody];

/** `with` target: a path into input or data, or a function/built-in replaced by another function or
 *  by a value (`with time.now_ns as 1`, `with data.lib.f as mock_f`). */
export type PlanWith =
  | [root: 'input' | 'data', path: string[], value: PlanTerm]
  | [root: 'function', target: PlanCallee, replacement: PlanCallee | ['value', PlanTerm]];

export interface PlanLiteral {
  expr: PlanExpr;
  /** `not` */
  neg?: true;
  with?: PlanWith[];
  loc: PlanLoc;
}

export type PlanBody = PlanLiteral[];

export interface PlanRuleDef {
  /** function parameters: terms unified with the call's argument values (vars or patterns) */
  args?: PlanTerm[];
  /** partial set element or partial object key */
  key?: PlanTerm;
  /** partial objects from ref heads such as `p[x].y := v`: the keys after `key`, each one object deeper */
  keyPath?: PlanTerm[];
  /** with keyPath (`p[x][y] contains z`): `value` is an element of the set at the end of the path */
  leafSet?: true;
  /** the rule's value (complete rules, partial objects, functions); `['const', true]` when omitted in source */
  value: PlanTerm;
  body: PlanBody;
  /** next definition of an `else` chain */
  else?: PlanRuleDef;
  loc: PlanLoc;
}

export type PlanRuleKind = 'complete' | 'partial_set' | 'partial_object' | 'function';

/** All definitions of one rule path (or function), plus its default. */
export interface PlanRuleSet {
  kind: PlanRuleKind;
  /** absolute path without `data`, e.g. ["sphere", "decision"] — for messages and the data tree */
  path: string[];
  /** frame size for every definition */
  nslots: number;
  /** number of arguments (functions only) */
  arity?: number;
  defs: PlanRuleDef[];
  /** `default` value (ground) */
  default?: PlanTerm;
}

/** Virtual document tree under `data`: a node is either a rule (index into Plan.rules) or an
 *  object of child nodes. A rule's path may also have rules below it (multi-segment heads such as
 *  `a.b := 1` next to `a.c := 2` produce children of `a`). */
export interface PlanTreeNode {
  rule?: number;
  children?: Record<string, PlanTreeNode>;
}

export interface PlanEntrypoint {
  /** `pkg/rule` as given to `-e` (slashes), the SDK's entrypoint name */
  name: string;
  /** what is evaluated: data.<path>, through the same machinery as a `data` ref */
  path: string[];
}

export interface Plan {
  version: 1;
  files: string[];
  rules: PlanRuleSet[];
  tree: PlanTreeNode;
  /** in the order of the module's `entrypoints` export ids (0..n-1) */
  entrypoints: PlanEntrypoint[];
  /** host built-in names; the index is the id in the module's `builtins` export */
  hostBuiltins: string[];
}
