// Rego abstract syntax tree: what the parser produces and the checks/rewrites stage hands to the
// planner. Shapes follow OPA's Go AST (v1/ast) so that OPA's documentation is a guide to them.

export interface Location {
  file: string;
  row: number; // 1-based
  col: number; // 1-based
}

export interface Term {
  value: Value;
  loc: Location;
}

export type Value =
  | NullValue
  | BooleanValue
  | NumberValue
  | StringValue
  | VarValue
  | RefValue
  | ArrayValue
  | SetValue
  | ObjectValue
  | CallValue
  | ArrayComprehension
  | SetComprehension
  | ObjectComprehension;

export interface NullValue { type: 'null' }
export interface BooleanValue { type: 'boolean'; value: boolean }
/** `value` is the exact source text normalised as JSON number text (e.g. "1e400", "0.1", "12345678901234567890"). */
export interface NumberValue { type: 'number'; value: string }
export interface StringValue { type: 'string'; value: string }
/** `_` is the wildcard; the rewrite stage renames every wildcard to a unique `__localN__` var. */
export interface VarValue { type: 'var'; name: string }
/** terms[0] is the head: a var (`input`, `data`, a local) or, after parsing `[1,2][i]` / `f(x).y`, a composite or call.
 * Following terms are the operands: `a.b` gives a string term "b", `a[x]` the term x. */
export interface RefValue { type: 'ref'; terms: Term[] }
export interface ArrayValue { type: 'array'; items: Term[] }
export interface SetValue { type: 'set'; items: Term[] }
export interface ObjectValue { type: 'object'; items: Array<[Term, Term]> }
/** terms[0] is a ref naming the function (`count`, `data.pkg.f`, `startswith`); the rest are the arguments.
 * Operators are calls too: `a + b` → call(plus, a, b); `a == b` → call(equal, a, b); `a = b` → call(eq, a, b);
 * `x := v` → call(assign, x, v); `a in b` → call(internal.member_2, a, b); `k, v in b` → internal.member_3. */
export interface CallValue { type: 'call'; terms: Term[] }
export interface ArrayComprehension { type: 'arraycomp'; term: Term; body: Body }
export interface SetComprehension { type: 'setcomp'; term: Term; body: Body }
export interface ObjectComprehension { type: 'objectcomp'; key: Term; value: Term; body: Body }

export type Body = Expr[];

export interface With {
  /** a ref rooted at `input` or `data` (or a function ref to mock, e.g. `time.now_ns`) */
  target: Term;
  value: Term;
  loc: Location;
}

/** `some x, y` (symbols are var terms) or `some x in xs` / `some k, v in xs` (one symbol: a call to internal.member_2/3). */
export interface SomeDecl { type: 'some'; symbols: Term[] }

/** `every k, v in domain { body }`; key is absent in the one-variable form. */
export interface Every {
  type: 'every';
  key?: Term;
  value: Term;
  domain: Term;
  body: Body;
}

export interface Expr {
  /** A single term (a ref, value or call used as a test), a call (operator or function), `some`, or `every`. */
  terms: Term | SomeDecl | Every;
  negated: boolean;
  with: With[];
  loc: Location;
  /** set on expressions the rewrite stage introduced (e.g. flattened nested calls) */
  generated?: boolean;
}

export type RuleKind = 'complete' | 'partial_set' | 'partial_object' | 'function';

export interface Head {
  /** The rule's ref relative to the package: `p` → ["p"], `a.b.c` → ["a","b","c"], `p[x]` → ["p", x].
   * After the rewrite stage `ref` is absolute: it starts with `data` and the package path. */
  ref: Term[];
  /** function arguments (only for kind 'function') */
  args?: Term[];
  /** partial set element (`p contains x`) or partial object key (`p[k] := v`) */
  key?: Term;
  /** ref heads with a variable before their end (`p[x].y := v`, `p[x][y] contains z`): the segments after
   *  `key`, each nesting the value one object deeper */
  keyPath?: Term[];
  /** with keyPath, for `contains`: the value is an element of the set at the end of the path */
  leafSet?: boolean;
  /** value term; absent value means `true` (for complete rules) */
  value?: Term;
  /** `:=` was used (as opposed to `=`) */
  assign: boolean;
  loc: Location;
}

export interface Rule {
  kind: RuleKind;
  head: Head;
  body: Body;
  /** `default p := v` */
  isDefault: boolean;
  /** the next rule of an `else` chain, if any */
  else?: Rule;
  loc: Location;
  /** the module file the rule was written in, for error messages */
  file: string;
}

export interface Import {
  /** e.g. `data.lib.util`, `input.user`, `rego.v1`, `future.keywords.in` */
  path: Term;
  alias?: string;
  loc: Location;
}

export interface Module {
  file: string;
  /** package path without the leading `data`: `package a.b` → ["a","b"] */
  packagePath: string[];
  imports: Import[];
  rules: Rule[];
  loc: Location;
}

/** An error a compiler stage reports; `toString` form: `file:row:col: message` (as `opa` prints it). */
export interface RegoErrorInfo {
  code: 'rego_parse_error' | 'rego_compile_error' | 'rego_unsafe_var_error' | 'rego_recursion_error' | 'rego_type_error';
  message: string;
  loc: Location;
}
