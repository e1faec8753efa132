// Typed form of the plan (connector/src/rego/plan/types.ts), built once from its JSON at instantiation so
// that evaluation never looks at JSON or names again.
import { Value, Arr, Obj, Str, Num, T_ARRAY, T_STRING, T_NUMBER, T_OBJECT, numberFromText, RSet } from '../value';
import { builtinId } from '../builtins';
import { runtimeError } from '../host';
import { keepJsonOfStrings } from '../json';

export const TK_VAR: i32 = 0;
export const TK_CONST: i32 = 1;
export const TK_ARRAY: i32 = 2;
export const TK_SET: i32 = 3;
export const TK_OBJECT: i32 = 4;
export const TK_REF: i32 = 5;
export const TK_ARRAYCOMP: i32 = 6;
export const TK_SETCOMP: i32 = 7;
export const TK_OBJECTCOMP: i32 = 8;

export const HEAD_INPUT: i32 = 0;
export const HEAD_DATA: i32 = 1;
export const HEAD_VAR: i32 = 2;
export const HEAD_TERM: i32 = 3;

export const EX_CALL: i32 = 0;
export const EX_EQ: i32 = 1;
export const EX_TERM: i32 = 2;
export const EX_EVERY: i32 = 3;

export const CALL_BUILTIN: i32 = 0;
export const CALL_HOST: i32 = 1;
export const CALL_FUNC: i32 = 2;

export const RULE_COMPLETE: i32 = 0;
export const RULE_SET: i32 = 1;
export const RULE_OBJECT: i32 = 2;
export const RULE_FUNCTION: i32 = 3;

export class Term {
  kind: i32 = 0;
  slot: i32 = -1;
  value: Value | null = null;
  items: Array<Term> = new Array<Term>();
  keys: Array<Term> = new Array<Term>();
  headKind: i32 = 0;
  head: Term | null = null;
  body: Array<Lit> = new Array<Lit>();
  second: Term | null = null;
  /** data refs: the rule a constant prefix of the operands names (-1: none; -2: not yet resolved) */
  ruleIndex: i32 = -2;
  /** data refs: the first operand after that rule's path */
  opStart: i32 = 0;
}

export const WITH_INPUT: i32 = 0;
export const WITH_DATA: i32 = 1;
export const WITH_FUNCTION: i32 = 2;

/** A `with` modifier: input/data path and value, or a function replaced by another callee or a value. */
export class With {
  kind: i32 = WITH_INPUT;
  path: Array<Value> = new Array<Value>();
  value: Term | null = null;
  targetKind: i32 = 0;
  targetId: i32 = 0;
  /** -1: replaced by `value` */
  replacementKind: i32 = -1;
  replacementId: i32 = 0;
}

/** [kind, id] of a plan callee: ['builtin', name] | ['host', i] | ['func', i]. */
function loadCallee(v: Value, into: Lit | null): i32 {
  const callee = arr(v);
  const ck = str(callee[0]);
  if (ck == 'builtin') {
    const name = str(callee[1]);
    const id = builtinId(name);
    if (id < 0) runtimeError('internal: built-in ' + name + ' is not implemented in this runtime');
    if (into !== null) into.calleeName = name;
    calleeId = id;
    return CALL_BUILTIN;
  }
  calleeId = int(callee[1]);
  return ck == 'host' ? CALL_HOST : CALL_FUNC;
}

// loadCallee's second result (AssemblyScript functions return one value)
let calleeId: i32 = 0;

export class Lit {
  kind: i32 = 0;
  neg: bool = false;
  a: Term | null = null;
  b: Term | null = null;
  args: Array<Term> = new Array<Term>();
  out: Term | null = null;
  calleeKind: i32 = 0;
  calleeId: i32 = 0;
  calleeName: string = '';
  keySlot: i32 = -1;
  valueSlot: i32 = -1;
  body: Array<Lit> = new Array<Lit>();
  withs: Array<With> = new Array<With>();
  file: i32 = 0;
  row: i32 = 0;
  col: i32 = 0;
}

export class Def {
  args: Array<Term> | null = null;
  key: Term | null = null;
  /** partial objects from ref heads (`p[x].y := v`): keys after `key`; empty otherwise */
  keyPath: Array<Term> = new Array<Term>();
  /** `p[x][y] contains z`: value is an element of the set at the end of the path */
  leafSet: bool = false;
  value: Term = new Term();
  body: Array<Lit> = new Array<Lit>();
  els: Def | null = null;
  file: i32 = 0;
  row: i32 = 0;
  col: i32 = 0;
}

export class RuleSet {
  kind: i32 = 0;
  path: string = '';
  nslots: i32 = 0;
  defs: Array<Def> = new Array<Def>();
  dflt: Term | null = null;
}

export class TreeNode {
  rule: i32 = -1;
  /** names, nameSet.items and nodes are in the same (canonical, sorted) order: the plan's children object's */
  names: Array<string> = new Array<string>();
  /** the names as values, made once at load for iterating `data.pkg[x]` */
  nameSet: RSet = new RSet();
  nodes: Array<TreeNode> = new Array<TreeNode>();
  byName: Map<string, TreeNode> = new Map<string, TreeNode>();

  /** The node below named `name`, or null. Packages have few names: comparing them beats hashing the name twice. */
  child(name: string): TreeNode | null {
    const n = this.names.length;
    if (n > 8) return this.byName.has(name) ? this.byName.get(name) : null;
    for (let k = 0; k < n; k++) if (unchecked(this.names[k]) == name) return unchecked(this.nodes[k]);
    return null;
  }
}

export class Program {
  files: Array<string> = new Array<string>();
  rules: Array<RuleSet> = new Array<RuleSet>();
  tree: TreeNode = new TreeNode();
  entryNames: Array<string> = new Array<string>();
  entryPaths: Array<Array<Term>> = new Array<Array<Term>>();
  hostNames: Array<string> = new Array<string>();
}

function field(o: Value, name: string): Value | null {
  return o.kind == T_OBJECT ? changetype<Obj>(o).getStr(name) : null;
}

function arr(v: Value | null): Array<Value> {
  if (v === null || v.kind != T_ARRAY) return new Array<Value>();
  return changetype<Arr>(v).items;
}

function str(v: Value | null): string {
  return v !== null && v.kind == T_STRING ? changetype<Str>(v).s : '';
}

function int(v: Value | null): i32 {
  return v !== null && v.kind == T_NUMBER ? <i32>changetype<Num>(v).i : 0;
}

function loadTerm(v: Value): Term {
  const a = arr(v);
  const tag = str(a[0]);
  const t = new Term();
  if (tag == 'var') {
    t.kind = TK_VAR;
    t.slot = int(a[1]);
  } else if (tag == 'const') {
    t.kind = TK_CONST;
    t.value = a[1];
    keepJsonOfStrings(<Value>a[1]);
  } else if (tag == 'num') {
    t.kind = TK_CONST;
    t.value = numberFromText(str(a[1]));
  } else if (tag == 'array' || tag == 'set') {
    t.kind = tag == 'array' ? TK_ARRAY : TK_SET;
    const items = arr(a[1]);
    for (let i = 0; i < items.length; i++) t.items.push(loadTerm(items[i]));
    if (t.kind == TK_SET) foldSet(t);
  } else if (tag == 'object') {
    t.kind = TK_OBJECT;
    const pairs = arr(a[1]);
    for (let i = 0; i < pairs.length; i++) {
      const p = arr(pairs[i]);
      t.keys.push(loadTerm(p[0]));
      t.items.push(loadTerm(p[1]));
    }
  } else if (tag == 'ref') {
    t.kind = TK_REF;
    const head = arr(a[1]);
    const headTag = str(head[0]);
    if (headTag == 'input') t.headKind = HEAD_INPUT;
    else if (headTag == 'data') t.headKind = HEAD_DATA;
    else if (headTag == 'var') {
      t.headKind = HEAD_VAR;
      t.slot = int(head[1]);
    } else {
      t.headKind = HEAD_TERM;
      t.head = loadTerm(head[1]);
    }
    const ops = arr(a[2]);
    for (let i = 0; i < ops.length; i++) t.items.push(loadTerm(ops[i]));
  } else if (tag == 'arraycomp' || tag == 'setcomp') {
    t.kind = tag == 'arraycomp' ? TK_ARRAYCOMP : TK_SETCOMP;
    t.head = loadTerm(a[1]);
    t.body = loadBody(a[2]);
  } else {
    t.kind = TK_OBJECTCOMP;
    t.head = loadTerm(a[1]);
    t.second = loadTerm(a[2]);
    t.body = loadBody(a[3]);
  }
  return t;
}

/** A set literal of constants is a constant set. */
function foldSet(t: Term): void {
  for (let i = 0; i < t.items.length; i++) if (t.items[i].kind != TK_CONST) return;
  const s = new RSet();
  for (let i = 0; i < t.items.length; i++) s.add(<Value>t.items[i].value);
  t.kind = TK_CONST;
  t.value = s;
}

function loadBody(v: Value | null): Array<Lit> {
  const out = new Array<Lit>();
  const lits = arr(v);
  for (let i = 0; i < lits.length; i++) out.push(loadLit(lits[i]));
  return out;
}

function loadLoc(v: Value | null, into: Lit): void {
  const l = arr(v);
  into.file = int(l[0]);
  into.row = int(l[1]);
  into.col = int(l[2]);
}

function loadLit(v: Value): Lit {
  const lit = new Lit();
  const e = arr(field(v, 'expr'));
  const tag = str(e[0]);
  if (tag == 'call') {
    lit.kind = EX_CALL;
    lit.calleeKind = loadCallee(e[1], lit);
    lit.calleeId = calleeId;
    const args = arr(e[2]);
    for (let i = 0; i < args.length; i++) lit.args.push(loadTerm(args[i]));
    const out = e[3];
    if (out.kind == T_ARRAY) lit.out = loadTerm(out);
  } else if (tag == 'eq') {
    lit.kind = EX_EQ;
    lit.a = loadTerm(e[1]);
    lit.b = loadTerm(e[2]);
  } else if (tag == 'term') {
    lit.kind = EX_TERM;
    lit.a = loadTerm(e[1]);
  } else {
    lit.kind = EX_EVERY;
    lit.keySlot = int(e[1]);
    lit.valueSlot = int(e[2]);
    lit.a = loadTerm(e[3]);
    lit.body = loadBody(e[4]);
  }
  lit.neg = field(v, 'neg') !== null;
  const withs = arr(field(v, 'with'));
  for (let i = 0; i < withs.length; i++) lit.withs.push(loadWith(arr(withs[i])));
  loadLoc(field(v, 'loc'), lit);
  return lit;
}

function loadWith(w: Array<Value>): With {
  const m = new With();
  const root = str(w[0]);
  if (root != 'function') {
    m.kind = root == 'data' ? WITH_DATA : WITH_INPUT;
    m.path = arr(w[1]);
    m.value = loadTerm(w[2]);
    return m;
  }
  m.kind = WITH_FUNCTION;
  m.targetKind = loadCallee(w[1], null);
  m.targetId = calleeId;
  const replacement = arr(w[2]);
  if (str(replacement[0]) == 'value') {
    m.value = loadTerm(replacement[1]);
  } else {
    m.replacementKind = loadCallee(w[2], null);
    m.replacementId = calleeId;
  }
  return m;
}

function loadDef(v: Value): Def {
  const d = new Def();
  const args = field(v, 'args');
  if (args !== null) {
    const list = new Array<Term>();
    const items = arr(args);
    for (let i = 0; i < items.length; i++) list.push(loadTerm(items[i]));
    d.args = list;
  }
  const key = field(v, 'key');
  if (key !== null) d.key = loadTerm(key);
  const keyPath = field(v, 'keyPath');
  if (keyPath !== null) {
    const items = arr(keyPath);
    for (let i = 0; i < items.length; i++) d.keyPath.push(loadTerm(items[i]));
  }
  d.leafSet = field(v, 'leafSet') !== null;
  d.value = loadTerm(changetype<Value>(field(v, 'value')));
  d.body = loadBody(field(v, 'body'));
  const els = field(v, 'else');
  if (els !== null) d.els = loadDef(els);
  const l = arr(field(v, 'loc'));
  d.file = int(l[0]);
  d.row = int(l[1]);
  d.col = int(l[2]);
  return d;
}

function loadRuleSet(v: Value): RuleSet {
  const r = new RuleSet();
  const kind = str(field(v, 'kind'));
  r.kind = kind == 'complete' ? RULE_COMPLETE : kind == 'partial_set' ? RULE_SET : kind == 'partial_object' ? RULE_OBJECT : RULE_FUNCTION;
  const path = arr(field(v, 'path'));
  let p = 'data';
  for (let i = 0; i < path.length; i++) p += '.' + str(path[i]);
  r.path = p;
  r.nslots = int(field(v, 'nslots'));
  const defs = arr(field(v, 'defs'));
  for (let i = 0; i < defs.length; i++) r.defs.push(loadDef(defs[i]));
  const dflt = field(v, 'default');
  if (dflt !== null) r.dflt = loadTerm(dflt);
  return r;
}

function loadTree(v: Value | null): TreeNode {
  const node = new TreeNode();
  if (v === null) return node;
  const rule = field(v, 'rule');
  if (rule !== null) node.rule = int(rule);
  const children = field(v, 'children');
  if (children !== null && children.kind == T_OBJECT) {
    const o = changetype<Obj>(children);
    for (let i = 0; i < o.keys.length; i++) {
      const name = str(o.keys[i]);
      const child = loadTree(o.vals[i]);
      node.names.push(name);
      node.nameSet.add(new Str(name));
      node.nodes.push(child);
      node.byName.set(name, child);
    }
  }
  return node;
}

export function loadProgram(plan: Value): Program {
  const p = new Program();
  const files = arr(field(plan, 'files'));
  for (let i = 0; i < files.length; i++) p.files.push(str(files[i]));
  const rules = arr(field(plan, 'rules'));
  for (let i = 0; i < rules.length; i++) p.rules.push(loadRuleSet(rules[i]));
  p.tree = loadTree(field(plan, 'tree'));
  const entries = arr(field(plan, 'entrypoints'));
  for (let i = 0; i < entries.length; i++) {
    p.entryNames.push(str(field(entries[i], 'name')));
    const path = arr(field(entries[i], 'path'));
    const ops = new Array<Term>();
    for (let k = 0; k < path.length; k++) {
      const t = new Term();
      t.kind = TK_CONST;
      t.value = path[k];
      ops.push(t);
    }
    p.entryPaths.push(ops);
  }
  const hosts = arr(field(plan, 'hostBuiltins'));
  for (let i = 0; i < hosts.length; i++) p.hostNames.push(str(hosts[i]));
  return p;
}
