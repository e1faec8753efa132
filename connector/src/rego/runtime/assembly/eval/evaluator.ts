// Evaluates the plan with Rego's semantics. Bodies run depth-first: a literal's solutions either continue
// the body directly (iterations and single values, bound in the frame in place and undone on return, see
// body()) or, on the general path, are collected as frames that bind slots in copies. Rule values are
// computed once per evaluation (not under `with`).
import {
  Value, Null, Arr, Obj, RSet, Str, Bool, Num, T_ARRAY, T_OBJECT, T_SET, T_BOOLEAN, T_STRING, T_NUMBER,
  intValue, valuesEqual, getMember, TRUE_VALUE,
} from '../value';
import { callBuiltin } from '../builtins';
import { callHost, runtimeError } from '../host';
import {
  Program, Term, Lit, Def, RuleSet, TreeNode, WITH_FUNCTION, WITH_DATA,
  TK_VAR, TK_CONST, TK_ARRAY, TK_SET, TK_OBJECT, TK_REF, TK_ARRAYCOMP, TK_SETCOMP,
  HEAD_INPUT, HEAD_DATA, HEAD_VAR, HEAD_TERM, EX_CALL, EX_EQ, EX_TERM,
  CALL_BUILTIN, CALL_HOST, RULE_COMPLETE, RULE_SET, RULE_OBJECT, RULE_FUNCTION,
} from './plan';

type Frame = Array<Value | null>;

class Sol {
  constructor(public v: Value, public f: Frame) {}
}

class Override {
  constructor(public path: Array<Value>, public value: Value) {}
}

/** A function replaced under `with`: by another callee, or (replacementKind -1) by a value. */
class Mock {
  constructor(public kind: i32, public id: i32, public replacementKind: i32, public replacementId: i32, public value: Value | null) {}
}

/**
 * Lists lent to calls under way, innermost last: a list is used only until the call that took it returns (nesting is
 * strictly last-in first-out), so the next call at the same depth reuses it instead of allocating one.
 */
class ListStack<T> {
  private lists: Array<Array<T>> = new Array<Array<T>>();
  private inUse: i32 = 0;

  /** An empty list, until give() is called by the same caller. */
  take(): Array<T> {
    const depth = this.inUse++;
    if (depth == this.lists.length) this.lists.push(new Array<T>());
    const list = unchecked(this.lists[depth]);
    // setting an Array's length goes through its capacity check even when nothing changes
    if (list.length > 0) list.length = 0;
    return list;
  }

  give(): void {
    this.inUse--;
  }
}

// one(): "this term may have several values" — a marker object, compared by identity
const MANY: Value = new Null();
// defValue(): "the body had no solution yet" — a marker object, compared by identity
const NO_SOLUTION: Value = new Null();
const NO_LITERALS = new Array<Lit>(0);

const STATE_DEFINED: u8 = 1;
const QUICK_NONE: i32 = 0;
const QUICK_PASS: i32 = 1;
const QUICK_FAIL: i32 = 2;
const STATE_UNDEFINED: u8 = 2;
const STATE_RUNNING: u8 = 3;

export class Evaluator {
  input: Value | null = null;
  data: Value = new Obj();
  private cache: Array<Value | null> = new Array<Value | null>();
  private state: Uint8Array = new Uint8Array(0);
  private overrides: Array<Override> = new Array<Override>();
  private mocks: Array<Mock> = new Array<Mock>();
  // Slots bound in place by the body() calls under way, undone when each returns (see body()).
  private undo: Array<i32> = new Array<i32>();
  // Argument lists for inline built-in tests, one per arity: built-ins read their arguments, never keep the list.
  private argLists: Array<Array<Value> | null> = new Array<Array<Value> | null>();
  // Solution lists of the literals and definitions being evaluated.
  private frameLists: ListStack<Frame> = new ListStack<Frame>();
  // Argument lists of the calls being evaluated on the general path (see expr()).
  private argStacks: ListStack<Value> = new ListStack<Value>();

  // All null and never written: the frame a definition's first literal is tried with before anything is allocated for it.
  private readonly unboundFrame: Frame;

  constructor(public prog: Program) {
    let slots = 0;
    for (let i = 0; i < prog.rules.length; i++) slots = max(slots, unchecked(prog.rules[i]).nslots);
    this.unboundFrame = new Array<Value | null>(slots);
  }

  /**
   * Whether a definition's first literal fails before any of its variables is bound: many definitions of a policy
   * pack fail there (another event, another channel), so they are skipped without a frame or solution list. A literal
   * that reads a variable cannot be decided unbound (quickTest answers QUICK_NONE), so nothing is skipped that a
   * binding could make succeed.
   */
  private failsUnbound(body: Array<Lit>): bool {
    return body.length > 0 && this.quickTest(unchecked(body[0]), this.unboundFrame) == QUICK_FAIL;
  }

  reset(input: Value | null, data: Value): void {
    this.input = input;
    this.data = data;
    const n = this.prog.rules.length;
    this.cache = new Array<Value | null>(n);
    this.state = new Uint8Array(n);
    this.overrides = new Array<Override>();
    this.mocks = new Array<Mock>();
    // everything an evaluation allocates lives above the heap pointer the SDK resets, so nothing is kept across calls
    this.undo = new Array<i32>();
    this.argLists = new Array<Array<Value> | null>();
    this.frameLists = new ListStack<Frame>();
    this.argStacks = new ListStack<Value>();
  }

  /** data.<path> for an entrypoint; null when undefined. */
  entrypoint(ops: Array<Term>): Value | null {
    const out = new Array<Sol>();
    const f = new Array<Value | null>(0);
    this.walkData(this.prog.tree, this.data, ops, 0, f, out, new Array<Value>());
    return out.length > 0 ? out[0].v : null;
  }

  // ---- bodies ----
  // Within one body() call, bindings of `x := value` and of iterations are written into the frame itself
  // and undone before the call returns: the rest of the body runs as a direct continuation, so nothing
  // else reads the frame in between. Frames that outlive the call (solutions in `out`) are copies.
  body(body: Array<Lit>, i: i32, f: Frame, out: Array<Frame>): void {
    const mark = this.undo.length;
    this.bodyFrom(body, i, f, out);
    for (let k = this.undo.length - 1; k >= mark; k--) setSlot(f, unchecked(this.undo[k]), null);
    // setting an Array's length goes through its capacity check even when nothing changes
    if (this.undo.length != mark) this.undo.length = mark;
  }

  private bodyFrom(body: Array<Lit>, i: i32, f: Frame, out: Array<Frame>): void {
    // literals that bind nothing and have at most one solution (tests, bound comparisons) run inline
    while (i < body.length) {
      const lit = unchecked(body[i]);
      const verdict = this.quickTest(lit, f);
      if (verdict == QUICK_FAIL) return;
      if (verdict == QUICK_NONE) {
        if (lit.kind != EX_EQ || lit.neg || lit.withs.length > 0) break;
        const a = <Term>lit.a;
        const b = <Term>lit.b;
        const aFree = a.kind == TK_VAR && unchecked(f[a.slot]) === null;
        if (!aFree && !(b.kind == TK_VAR && unchecked(f[b.slot]) === null)) break;
        const slot = aFree ? a.slot : b.slot;
        const other = aFree ? b : a;
        const v = this.one(other, f);
        if (v === null) return;
        if (v === MANY) {
          if (other.kind != TK_REF || (other.headKind != HEAD_INPUT && other.headKind != HEAD_VAR)) break;
          // `some x in input.xs` and the like: iterate, binding in place, and run the rest of the body per element
          const base = other.headKind == HEAD_INPUT ? this.input : unchecked(f[other.slot]);
          if (base !== null) this.iterate(<Value>base, other.items, 0, f, slot, body, i + 1, out);
          return;
        }
        // `x := <single value>`: bound without the general unification machinery
        this.bindInPlace(f, slot, v);
      }
      i++;
    }
    if (i == body.length) {
      out.push(f.slice());
      return;
    }
    const sols = this.frameLists.take();
    this.literal(unchecked(body[i]), f, sols);
    for (let k = 0; k < sols.length; k++) this.body(body, i + 1, unchecked(sols[k]), out);
    this.frameLists.give();
  }

  private bindInPlace(f: Frame, slot: i32, v: Value): void {
    setSlot(f, slot, v);
    this.undo.push(slot);
  }

  /** Operand i of an iterated ref applied to v; at its end the value is unified with `slot` and the body goes on at `next`. */
  private iterate(v: Value, ops: Array<Term>, i: i32, f: Frame, slot: i32, body: Array<Lit>, next: i32, out: Array<Frame>): void {
    if (i == ops.length) {
      const cur = unchecked(f[slot]);
      if (cur === null) {
        setSlot(f, slot, v);
        this.body(body, next, f, out);
        setSlot(f, slot, null);
      } else if (valuesEqual(cur, v)) {
        this.body(body, next, f, out);
      }
      return;
    }
    const op = unchecked(ops[i]);
    if (op.kind == TK_VAR && unchecked(f[op.slot]) === null) {
      const at = op.slot;
      const kind = v.kind;
      if (kind == T_ARRAY) {
        const items = changetype<Arr>(v).items;
        for (let k = 0; k < items.length; k++) {
          setSlot(f, at, intValue(k));
          this.iterate(unchecked(items[k]), ops, i + 1, f, slot, body, next, out);
        }
      } else if (kind == T_OBJECT) {
        const o = changetype<Obj>(v);
        for (let k = 0; k < o.keys.length; k++) {
          setSlot(f, at, unchecked(o.keys[k]));
          this.iterate(unchecked(o.vals[k]), ops, i + 1, f, slot, body, next, out);
        }
      } else if (kind == T_SET) {
        const items = changetype<RSet>(v).items;
        for (let k = 0; k < items.length; k++) {
          setSlot(f, at, unchecked(items[k]));
          this.iterate(unchecked(items[k]), ops, i + 1, f, slot, body, next, out);
        }
      }
      setSlot(f, at, null);
      return;
    }
    if (op.kind == TK_CONST || op.kind == TK_VAR) {
      const child = getMember(v, op.kind == TK_CONST ? <Value>op.value : <Value>unchecked(f[op.slot]));
      if (child !== null) this.iterate(child, ops, i + 1, f, slot, body, next, out);
      return;
    }
    const frames = new Array<Frame>();
    const children = new Array<Value>();
    this.lookup(v, op, f, frames, children);
    for (let k = 0; k < frames.length; k++) this.iterate(unchecked(children[k]), ops, i + 1, unchecked(frames[k]), slot, body, next, out);
  }

  /** The members of v an operand term selects, with the frame each selection binds: a ground term's values
   *  are looked up; a composite pattern (`s[[1, x]]`) is unified with every key of v. */
  private lookup(v: Value, op: Term, f: Frame, frames: Array<Frame>, children: Array<Value>): void {
    if (isGround(op, f)) {
      const keys = new Array<Sol>();
      this.term(op, f, keys);
      for (let k = 0; k < keys.length; k++) {
        const child = getMember(v, keys[k].v);
        if (child === null) continue;
        frames.push(keys[k].f);
        children.push(child);
      }
      return;
    }
    const kind = v.kind;
    const n = kind == T_ARRAY ? changetype<Arr>(v).items.length : kind == T_OBJECT ? changetype<Obj>(v).keys.length : kind == T_SET ? changetype<RSet>(v).items.length : 0;
    for (let k = 0; k < n; k++) {
      const key = kind == T_ARRAY ? intValue(k) : kind == T_OBJECT ? unchecked(changetype<Obj>(v).keys[k]) : unchecked(changetype<RSet>(v).items[k]);
      const child = kind == T_ARRAY ? unchecked(changetype<Arr>(v).items[k]) : kind == T_OBJECT ? unchecked(changetype<Obj>(v).vals[k]) : key;
      const matched = new Array<Frame>();
      this.unifyValue(op, key, f, matched);
      for (let m = 0; m < matched.length; m++) {
        frames.push(unchecked(matched[m]));
        children.push(child);
      }
    }
  }

  /** A test literal over single-valued terms: QUICK_PASS/QUICK_FAIL, or QUICK_NONE when it needs the general path. */
  private quickTest(lit: Lit, f: Frame): i32 {
    if (lit.withs.length > 0) return QUICK_NONE;
    const verdict = this.quickVerdict(lit, f);
    if (!lit.neg || verdict == QUICK_NONE) return verdict;
    return verdict == QUICK_PASS ? QUICK_FAIL : QUICK_PASS;
  }

  private quickVerdict(lit: Lit, f: Frame): i32 {
    const kind = lit.kind;
    if (kind == EX_CALL) {
      if (lit.out !== null || lit.calleeKind != CALL_BUILTIN || this.mocks.length > 0) return QUICK_NONE;
      const n = lit.args.length;
      while (this.argLists.length <= n) this.argLists.push(null);
      // taken out of the pool while in use: computing an argument may evaluate a rule that tests with the same arity
      const pooled = unchecked(this.argLists[n]);
      const args = pooled !== null ? pooled : new Array<Value>(n);
      storeAt(this.argLists, n, <Array<Value> | null>null);
      const verdict = this.quickCall(lit, f, args);
      storeAt(this.argLists, n, args);
      return verdict;
    }
    if (kind == EX_TERM) {
      const v = this.one(<Term>lit.a, f);
      if (v === MANY) return QUICK_NONE;
      return v !== null && truthy(v) ? QUICK_PASS : QUICK_FAIL;
    }
    if (kind == EX_EQ) {
      const x = this.one(<Term>lit.a, f);
      if (x === MANY) return QUICK_NONE;
      const y = this.one(<Term>lit.b, f);
      if (y === MANY) return QUICK_NONE;
      return x !== null && y !== null && valuesEqual(x, y) ? QUICK_PASS : QUICK_FAIL;
    }
    return QUICK_NONE;
  }

  private quickCall(lit: Lit, f: Frame, args: Array<Value>): i32 {
    for (let k = 0; k < args.length; k++) {
      const v = this.one(unchecked(lit.args[k]), f);
      if (v === MANY) return QUICK_NONE;
      if (v === null) return QUICK_FAIL;
      storeAt(args, k, v);
    }
    const r = callBuiltin(lit.calleeId, args);
    return r !== null && truthy(r) ? QUICK_PASS : QUICK_FAIL;
  }

  /** The value of a term that has at most one (bound vars, constants, refs whose operands are constants
   *  or bound vars, and collections of those); null when undefined; MANY when it needs the general path. */
  private one(t: Term, f: Frame): Value | null {
    const kind = t.kind;
    if (kind == TK_VAR) {
      const v = unchecked(f[t.slot]);
      return v !== null ? v : MANY;
    }
    if (kind == TK_CONST) return t.value;
    if (kind == TK_ARRAY || kind == TK_SET) {
      const items = new Array<Value>(t.items.length);
      for (let k = 0; k < t.items.length; k++) {
        const v = this.one(unchecked(t.items[k]), f);
        if (v === null || v === MANY) return v;
        storeAt(items, k, v);
      }
      if (kind == TK_ARRAY) return new Arr(items);
      const set = new RSet();
      for (let k = 0; k < items.length; k++) set.add(unchecked(items[k]));
      return set;
    }
    if (kind == TK_OBJECT) {
      const o = new Obj();
      for (let k = 0; k < t.items.length; k++) {
        const key = this.one(unchecked(t.keys[k]), f);
        if (key === null || key === MANY) return key;
        const val = this.one(unchecked(t.items[k]), f);
        if (val === null || val === MANY) return val;
        const existing = o.get(key);
        if (existing !== null && !valuesEqual(existing, val)) runtimeError('object keys must be unique');
        o.insert(key, val);
      }
      return o;
    }
    if (kind != TK_REF) return MANY;
    let v: Value | null;
    let k = 0;
    const hk = t.headKind;
    if (hk == HEAD_INPUT) {
      v = this.input;
    } else if (hk == HEAD_VAR) {
      v = unchecked(f[t.slot]);
      if (v === null) return MANY;
    } else if (hk == HEAD_DATA) {
      if (t.ruleIndex == -2) this.resolveRule(t);
      if (t.ruleIndex < 0 || this.overrides.length > 0) return MANY;
      v = this.ruleValue(t.ruleIndex);
      k = t.opStart;
    } else {
      return MANY;
    }
    for (; k < t.items.length && v !== null; k++) {
      const op = unchecked(t.items[k]);
      let key: Value | null;
      if (op.kind == TK_CONST) key = op.value;
      else if (op.kind == TK_VAR) key = unchecked(f[op.slot]);
      else return MANY;
      if (key === null) return MANY;
      v = getMember(<Value>v, key);
    }
    return v;
  }

  private literal(lit: Lit, f: Frame, out: Array<Frame>): void {
    if (lit.withs.length > 0) {
      this.withModifiers(lit, f, out);
      return;
    }
    this.literalPlain(lit, f, out);
  }

  private literalPlain(lit: Lit, f: Frame, out: Array<Frame>): void {
    if (lit.neg) {
      const tmp = new Array<Frame>();
      this.expr(lit, f, tmp);
      if (tmp.length == 0) out.push(f);
      return;
    }
    this.expr(lit, f, out);
  }

  private withModifiers(lit: Lit, f: Frame, out: Array<Frame>): void {
    const savedInput = this.input;
    const savedCache = this.cache;
    const savedState = this.state;
    const savedOverrides = this.overrides;
    const savedMocks = this.mocks;
    const overrides = savedOverrides.slice();
    const mocks = savedMocks.slice();
    let input = this.input;
    for (let i = 0; i < lit.withs.length; i++) {
      const w = unchecked(lit.withs[i]);
      if (w.kind == WITH_FUNCTION && w.replacementKind >= 0) {
        mocks.push(new Mock(w.targetKind, w.targetId, w.replacementKind, w.replacementId, null));
        continue;
      }
      const vals = this.terms1(<Term>w.value, f);
      if (vals === null) return;
      if (w.kind == WITH_FUNCTION) mocks.push(new Mock(w.targetKind, w.targetId, -1, 0, vals));
      else if (w.kind == WITH_DATA) overrides.push(new Override(w.path, vals));
      else input = upsert(input, w.path, 0, vals);
    }
    this.input = input;
    this.overrides = overrides;
    this.mocks = mocks;
    const n = this.prog.rules.length;
    this.cache = new Array<Value | null>(n);
    this.state = new Uint8Array(n);
    this.literalPlain(lit, f, out);
    this.input = savedInput;
    this.cache = savedCache;
    this.state = savedState;
    this.overrides = savedOverrides;
    this.mocks = savedMocks;
  }

  /** The single value of a term (first solution), for `with` values and similar ground uses. */
  private terms1(t: Term, f: Frame): Value | null {
    const v = this.one(t, f);
    if (v !== MANY) return v;
    const sols = new Array<Sol>();
    this.term(t, f, sols);
    return sols.length > 0 ? sols[0].v : null;
  }

  private expr(lit: Lit, f: Frame, out: Array<Frame>): void {
    const kind = lit.kind;
    if (kind == EX_EQ) {
      this.unify(<Term>lit.a, <Term>lit.b, f, out);
    } else if (kind == EX_TERM) {
      const sols = new Array<Sol>();
      this.term(<Term>lit.a, f, sols);
      for (let i = 0; i < sols.length; i++) if (truthy(sols[i].v)) out.push(sols[i].f);
    } else if (kind == EX_CALL) {
      // callees read their arguments, never keep the list
      this.callArgs(lit, 0, f, this.argStacks.take(), out);
      this.argStacks.give();
    } else {
      this.every(lit, f, out);
    }
  }

  private callArgs(lit: Lit, i: i32, f: Frame, acc: Array<Value>, out: Array<Frame>): void {
    if (i == lit.args.length) {
      const r = this.invoke(lit, acc);
      if (r === null) return;
      const o = lit.out;
      if (o === null) {
        if (truthy(r)) out.push(f);
      } else {
        this.unifyValue(o, r, f, out);
      }
      return;
    }
    const arg = unchecked(lit.args[i]);
    // an argument with at most one value (the usual case) binds nothing: no solution list
    const single = this.one(arg, f);
    if (single !== MANY) {
      if (single === null) return;
      acc.push(single);
      this.callArgs(lit, i + 1, f, acc, out);
      acc.pop();
      return;
    }
    const sols = new Array<Sol>();
    this.term(arg, f, sols);
    for (let k = 0; k < sols.length; k++) {
      acc.push(sols[k].v);
      this.callArgs(lit, i + 1, sols[k].f, acc, out);
      acc.pop();
    }
  }

  private invoke(lit: Lit, args: Array<Value>): Value | null {
    return this.call(lit.calleeKind, lit.calleeId, args);
  }

  private call(kind: i32, id: i32, args: Array<Value>): Value | null {
    for (let k = this.mocks.length - 1; k >= 0; k--) {
      const m = unchecked(this.mocks[k]);
      if (m.kind != kind || m.id != id) continue;
      if (m.replacementKind < 0) return m.value;
      // the replacement runs with the mocks made before this one (a replacement may call the original)
      const saved = this.mocks;
      this.mocks = saved.slice(0, k);
      const r = this.call(m.replacementKind, m.replacementId, args);
      this.mocks = saved;
      return r;
    }
    if (kind == CALL_BUILTIN) return callBuiltin(id, args);
    if (kind == CALL_HOST) return callHost(id, args);
    return this.callFunction(id, args);
  }

  private every(lit: Lit, f: Frame, out: Array<Frame>): void {
    const domain = this.terms1(<Term>lit.a, f);
    if (domain === null) return;
    const kind = domain.kind;
    if (kind == T_ARRAY) {
      const items = changetype<Arr>(domain).items;
      for (let i = 0; i < items.length; i++) if (!this.everyHolds(lit, f, intValue(i), unchecked(items[i]))) return;
    } else if (kind == T_OBJECT) {
      const o = changetype<Obj>(domain);
      for (let i = 0; i < o.keys.length; i++) if (!this.everyHolds(lit, f, unchecked(o.keys[i]), unchecked(o.vals[i]))) return;
    } else if (kind == T_SET) {
      const items = changetype<RSet>(domain).items;
      for (let i = 0; i < items.length; i++) if (!this.everyHolds(lit, f, unchecked(items[i]), unchecked(items[i]))) return;
    } else {
      return;
    }
    out.push(f);
  }

  private everyHolds(lit: Lit, f: Frame, key: Value, value: Value): bool {
    const g = f.slice();
    if (lit.keySlot >= 0) setSlot(g, lit.keySlot, key);
    setSlot(g, lit.valueSlot, value);
    const res = new Array<Frame>();
    this.body(lit.body, 0, g, res);
    return res.length > 0;
  }

  // ---- terms ----
  term(t: Term, f: Frame, out: Array<Sol>): void {
    switch (t.kind) {
      case TK_VAR: {
        const v = unchecked(f[t.slot]);
        if (v !== null) out.push(new Sol(v, f));
        return;
      }
      case TK_CONST:
        out.push(new Sol(<Value>t.value, f));
        return;
      case TK_REF:
        this.ref(t, f, out);
        return;
      case TK_ARRAY:
      case TK_SET:
        this.collection(t, 0, f, new Array<Value>(), out);
        return;
      case TK_OBJECT:
        this.object(t, 0, f, new Obj(), out);
        return;
      default:
        this.comprehension(t, f, out);
    }
  }

  private collection(t: Term, i: i32, f: Frame, acc: Array<Value>, out: Array<Sol>): void {
    if (i == t.items.length) {
      if (t.kind == TK_ARRAY) {
        out.push(new Sol(new Arr(acc.slice()), f));
      } else {
        const s = new RSet();
        for (let k = 0; k < acc.length; k++) s.add(unchecked(acc[k]));
        out.push(new Sol(s, f));
      }
      return;
    }
    const sols = new Array<Sol>();
    this.term(unchecked(t.items[i]), f, sols);
    for (let k = 0; k < sols.length; k++) {
      acc.push(sols[k].v);
      this.collection(t, i + 1, sols[k].f, acc, out);
      acc.pop();
    }
  }

  private object(t: Term, i: i32, f: Frame, acc: Obj, out: Array<Sol>): void {
    if (i == t.items.length) {
      out.push(new Sol(acc, f));
      return;
    }
    const ks = new Array<Sol>();
    this.term(unchecked(t.keys[i]), f, ks);
    for (let a = 0; a < ks.length; a++) {
      const vs = new Array<Sol>();
      this.term(unchecked(t.items[i]), ks[a].f, vs);
      for (let b = 0; b < vs.length; b++) {
        const next = copyObj(acc);
        const existing = next.get(ks[a].v);
        if (existing !== null && !valuesEqual(existing, vs[b].v)) runtimeError('object keys must be unique');
        next.insert(ks[a].v, vs[b].v);
        this.object(t, i + 1, vs[b].f, next, out);
      }
    }
  }

  private comprehension(t: Term, f: Frame, out: Array<Sol>): void {
    const frames = new Array<Frame>();
    this.body(t.body, 0, f, frames);
    if (t.kind == TK_ARRAYCOMP) {
      const items = new Array<Value>();
      for (let i = 0; i < frames.length; i++) {
        const v = this.terms1(<Term>t.head, frames[i]);
        if (v !== null) items.push(v);
      }
      out.push(new Sol(new Arr(items), f));
    } else if (t.kind == TK_SETCOMP) {
      const s = new RSet();
      for (let i = 0; i < frames.length; i++) {
        const v = this.terms1(<Term>t.head, frames[i]);
        if (v !== null) s.add(v);
      }
      out.push(new Sol(s, f));
    } else {
      const o = new Obj();
      for (let i = 0; i < frames.length; i++) {
        const k = this.terms1(<Term>t.head, frames[i]);
        const v = this.terms1(<Term>t.second, frames[i]);
        if (k === null || v === null) continue;
        const existing = o.get(k);
        if (existing !== null && !valuesEqual(existing, v)) runtimeError('object keys must be unique');
        o.insert(k, v);
      }
      out.push(new Sol(o, f));
    }
  }

  // ---- references ----
  private ref(t: Term, f: Frame, out: Array<Sol>): void {
    const hk = t.headKind;
    if (hk == HEAD_INPUT) {
      const input = this.input;
      if (input !== null) this.walk(input, t.items, 0, f, out);
    } else if (hk == HEAD_DATA) {
      if (t.ruleIndex == -2) this.resolveRule(t);
      if (t.ruleIndex >= 0 && this.overrides.length == 0) {
        // a reference into a rule by constant path: straight to its value
        const v = this.ruleValue(t.ruleIndex);
        if (v !== null) this.walk(v, t.items, t.opStart, f, out);
        return;
      }
      this.walkData(this.prog.tree, this.data, t.items, 0, f, out, new Array<Value>());
    } else if (hk == HEAD_VAR) {
      const v = unchecked(f[t.slot]);
      if (v !== null) this.walk(v, t.items, 0, f, out);
    } else {
      const heads = new Array<Sol>();
      this.term(<Term>t.head, f, heads);
      for (let i = 0; i < heads.length; i++) this.walk(heads[i].v, t.items, 0, heads[i].f, out);
    }
  }

  /** Finds the rule a data ref's constant prefix names (a field write only: plan nodes are never reallocated). */
  private resolveRule(t: Term): void {
    let node = this.prog.tree;
    for (let i = 0; i < t.items.length; i++) {
      const op = unchecked(t.items[i]);
      if (op.kind != TK_CONST || (<Value>op.value).kind != T_STRING) break;
      const next = node.child(changetype<Str>(<Value>op.value).s);
      if (next === null) break;
      node = next;
      if (node.rule >= 0) {
        // functions are called, not referenced; a rule with rules below it is one document with them (walkData)
        if (this.prog.rules[node.rule].kind == RULE_FUNCTION || node.names.length > 0) break;
        t.ruleIndex = node.rule;
        t.opStart = i + 1;
        return;
      }
    }
    t.ruleIndex = -1;
  }

  /** Operand i of a ref applied to v: a bound key looks up, an unbound var iterates and binds. */
  walk(v: Value, ops: Array<Term>, i: i32, f: Frame, out: Array<Sol>): void {
    if (i == ops.length) {
      out.push(new Sol(v, f));
      return;
    }
    const op = unchecked(ops[i]);
    if (op.kind == TK_VAR && unchecked(f[op.slot]) === null) {
      const slot = op.slot;
      const kind = v.kind;
      if (kind == T_ARRAY) {
        const items = changetype<Arr>(v).items;
        for (let k = 0; k < items.length; k++) {
          const g = f.slice();
          setSlot(g, slot, intValue(k));
          this.walk(unchecked(items[k]), ops, i + 1, g, out);
        }
      } else if (kind == T_OBJECT) {
        const o = changetype<Obj>(v);
        for (let k = 0; k < o.keys.length; k++) {
          const g = f.slice();
          setSlot(g, slot, unchecked(o.keys[k]));
          this.walk(unchecked(o.vals[k]), ops, i + 1, g, out);
        }
      } else if (kind == T_SET) {
        const items = changetype<RSet>(v).items;
        for (let k = 0; k < items.length; k++) {
          const g = f.slice();
          setSlot(g, slot, unchecked(items[k]));
          this.walk(unchecked(items[k]), ops, i + 1, g, out);
        }
      }
      return;
    }
    if (op.kind == TK_CONST) {
      const child = getMember(v, <Value>op.value);
      if (child !== null) this.walk(child, ops, i + 1, f, out);
      return;
    }
    const frames = new Array<Frame>();
    const children = new Array<Value>();
    this.lookup(v, op, f, frames, children);
    for (let k = 0; k < frames.length; k++) this.walk(unchecked(children[k]), ops, i + 1, unchecked(frames[k]), out);
  }

  /** Walks data: rules (virtual documents) where the plan's tree has them, base data elsewhere. */
  walkData(node: TreeNode | null, base: Value | null, ops: Array<Term>, i: i32, f: Frame, out: Array<Sol>, path: Array<Value>): void {
    if (this.overrides.length > 0) {
      const o = this.overrideAt(path);
      if (o !== null) {
        this.walk(o, ops, i, f, out);
        return;
      }
    }
    if (node === null) {
      // `with data.a.b as …` where data has no `a`: the override creates the documents on its way
      const doc = base !== null ? base : this.overridesBelow(path) ? new Obj() : null;
      if (doc !== null) this.walk(this.applyOverridesBelow(doc, path), ops, i, f, out);
      return;
    }
    if (node.rule >= 0) {
      const v = this.ruleDocument(node, path);
      if (v !== null) this.walk(this.applyOverridesBelow(v, path), ops, i, f, out);
      return;
    }
    if (i == ops.length) {
      out.push(new Sol(this.wholeNode(node, base, path), f));
      return;
    }
    const op = unchecked(ops[i]);
    if (op.kind == TK_VAR && unchecked(f[op.slot]) === null) {
      const slot = op.slot;
      let keys = node.nameSet;
      if (base !== null && base.kind == T_OBJECT && changetype<Obj>(base).keys.length > 0) {
        keys = new RSet();
        for (let k = 0; k < node.nameSet.items.length; k++) keys.add(unchecked(node.nameSet.items[k]));
        const bo = changetype<Obj>(base);
        for (let k = 0; k < bo.keys.length; k++) keys.add(unchecked(bo.keys[k]));
      }
      const ownNames = keys === node.nameSet;
      for (let k = 0; k < keys.items.length; k++) {
        const key = unchecked(keys.items[k]);
        const g = f.slice();
        setSlot(g, slot, key);
        if (ownNames) this.stepInto(unchecked(node.nodes[k]), base, key, ops, i, g, out, path);
        else this.stepData(node, base, key, ops, i, g, out, path);
      }
      return;
    }
    const key = this.one(op, f);
    if (key === null) return;
    if (key !== MANY) {
      this.stepData(node, base, key, ops, i, f, out, path);
      return;
    }
    const keySols = new Array<Sol>();
    this.term(op, f, keySols);
    for (let k = 0; k < keySols.length; k++) this.stepData(node, base, keySols[k].v, ops, i, keySols[k].f, out, path);
  }

  private stepData(node: TreeNode, base: Value | null, key: Value, ops: Array<Term>, i: i32, f: Frame, out: Array<Sol>, path: Array<Value>): void {
    // data's keys are names: a reference into data with an integer (`data.nested[2]`) looks up "2", as OPA's store does
    if (key.kind == T_NUMBER && changetype<Num>(key).isInt) key = new Str(changetype<Num>(key).i.toString());
    this.stepInto(key.kind == T_STRING ? node.child(changetype<Str>(key).s) : null, base, key, ops, i, f, out, path);
  }

  /** stepData() with the node below already found (null: none). */
  private stepInto(child: TreeNode | null, base: Value | null, key: Value, ops: Array<Term>, i: i32, f: Frame, out: Array<Sol>, path: Array<Value>): void {
    const baseChild: Value | null = base === null ? null : getMember(base, key);
    if (child !== null && child.rule >= 0 && this.prog.rules[child.rule].kind == RULE_FUNCTION) return;
    const next = this.overrides.length > 0 ? path.concat([key]) : path;
    this.walkData(child, baseChild, ops, i + 1, f, out, next);
  }

  /** The object a package or namespace evaluates to: its rules' values over the base data below it. */
  private wholeNode(node: TreeNode, base: Value | null, path: Array<Value>): Value {
    const obj = base !== null && base.kind == T_OBJECT ? copyObj(changetype<Obj>(base)) : new Obj();
    for (let k = 0; k < node.names.length; k++) {
      const child = unchecked(node.nodes[k]);
      const name = new Str(unchecked(node.names[k]));
      let v: Value | null = null;
      const childPath = this.overrides.length > 0 ? path.concat([name]) : path;
      if (child.rule >= 0) {
        if (this.prog.rules[child.rule].kind == RULE_FUNCTION) continue;
        v = this.ruleDocument(child, childPath);
      } else {
        v = this.wholeNode(child, obj.get(name), childPath);
      }
      if (v !== null) obj.insert(name, v);
    }
    return this.applyOverridesBelow(obj, path);
  }

  /** A rule's value; rules whose heads extend its path (`p.foo := 1` beside `p[k] := v`) add their keys to it. */
  private ruleDocument(node: TreeNode, path: Array<Value>): Value | null {
    const v = this.ruleValue(node.rule);
    if (node.names.length == 0 || (v !== null && v.kind != T_OBJECT)) return v;
    const merged = changetype<Obj>(this.wholeNode(node, v, path));
    return v === null && merged.keys.length == 0 ? null : merged;
  }

  private overrideAt(path: Array<Value>): Value | null {
    for (let k = this.overrides.length - 1; k >= 0; k--) {
      const o = unchecked(this.overrides[k]);
      if (o.path.length == path.length && samePath(o.path, path, path.length)) return o.value;
    }
    return null;
  }

  private overridesBelow(path: Array<Value>): bool {
    for (let k = 0; k < this.overrides.length; k++) {
      const o = unchecked(this.overrides[k]);
      if (o.path.length > path.length && samePath(o.path, path, path.length)) return true;
    }
    return false;
  }

  private applyOverridesBelow(v: Value, path: Array<Value>): Value {
    let result = v;
    for (let k = 0; k < this.overrides.length; k++) {
      const o = unchecked(this.overrides[k]);
      if (o.path.length > path.length && samePath(o.path, path, path.length)) result = upsert(result, o.path, path.length, o.value);
    }
    return result;
  }

  // ---- rules and functions ----
  ruleValue(idx: i32): Value | null {
    const st = unchecked(this.state[idx]);
    if (st == STATE_DEFINED) return unchecked(this.cache[idx]);
    // a rule reached again while it is being evaluated (only through `data` as a whole) reads as undefined
    if (st == STATE_UNDEFINED || st == STATE_RUNNING) return null;
    unchecked((this.state[idx] = STATE_RUNNING));
    const v = this.computeRule(unchecked(this.prog.rules[idx]));
    storeAt(this.cache, idx, v);
    unchecked((this.state[idx] = v === null ? STATE_UNDEFINED : STATE_DEFINED));
    return v;
  }

  private computeRule(rs: RuleSet): Value | null {
    if (rs.kind == RULE_COMPLETE) return this.singleValue(rs, null);
    if (rs.kind == RULE_SET) {
      const s = new RSet();
      for (let d = 0; d < rs.defs.length; d++) {
        const def = unchecked(rs.defs[d]);
        if (this.failsUnbound(def.body)) continue;
        const frames = this.frameLists.take();
        this.body(def.body, 0, new Array<Value | null>(rs.nslots), frames);
        for (let k = 0; k < frames.length; k++) {
          const frame = unchecked(frames[k]);
          const v = this.one(<Term>def.key, frame);
          if (v !== MANY) {
            if (v !== null) s.add(v);
            continue;
          }
          const sols = new Array<Sol>();
          this.term(<Term>def.key, frame, sols);
          for (let m = 0; m < sols.length; m++) s.add(sols[m].v);
        }
        this.frameLists.give();
      }
      return s;
    }
    if (rs.kind == RULE_OBJECT) {
      const o = new Obj();
      for (let d = 0; d < rs.defs.length; d++) {
        const def = unchecked(rs.defs[d]);
        if (this.failsUnbound(def.body)) continue;
        const frames = this.frameLists.take();
        this.body(def.body, 0, new Array<Value | null>(rs.nslots), frames);
        for (let k = 0; k < frames.length; k++) {
          const keys = new Array<Value>();
          for (let t = -1; t < def.keyPath.length; t++) {
            const key = this.terms1(t < 0 ? <Term>def.key : unchecked(def.keyPath[t]), frames[k]);
            if (key === null) break;
            keys.push(key);
          }
          const val = this.terms1(def.value, frames[k]);
          if (keys.length <= def.keyPath.length || val === null) continue;
          this.insertAt(o, keys, 0, val, def);
        }
        this.frameLists.give();
      }
      return o;
    }
    return null;
  }

  /** o[keys[i]][keys[i+1]]… = val; objects on the way are shared with other solutions, so extended as copies.
   *  A different value at the end conflicts, as does a non-object on the way; `leafSet` collects into a set. */
  private insertAt(o: Obj, keys: Array<Value>, i: i32, val: Value, def: Def): void {
    const key = unchecked(keys[i]);
    const existing = o.get(key);
    if (i == keys.length - 1) {
      if (def.leafSet) {
        const set = new RSet();
        if (existing !== null) {
          if (existing.kind != T_SET) this.conflict(def, 'object keys must be unique');
          for (let k = 0; k < changetype<RSet>(existing).items.length; k++) set.add(unchecked(changetype<RSet>(existing).items[k]));
        }
        set.add(val);
        o.insert(key, set);
        return;
      }
      if (existing !== null && !valuesEqual(existing, val)) this.conflict(def, 'object keys must be unique');
      o.insert(key, val);
      return;
    }
    if (existing !== null && existing.kind != T_OBJECT) this.conflict(def, 'object keys must be unique');
    const next = existing !== null ? copyObj(changetype<Obj>(existing)) : new Obj();
    this.insertAt(next, keys, i + 1, val, def);
    o.insert(key, next);
  }

  /** The value of the first definition of an else chain whose body succeeds; its solutions must agree. */
  private chainValue(first: Def, rs: RuleSet, args: Array<Value> | null): Value | null {
    for (let d: Def | null = first; d !== null; d = d.els) {
      if (this.failsUnbound(d.body)) continue;
      const fresh = new Array<Value | null>(rs.nslots);
      let result: Value | null = NO_SOLUTION;
      if (args === null) {
        result = this.defValue(d, fresh, false, result);
      } else if (allVars(<Array<Term>>d.args)) {
        // `f(a, b) := …`: the arguments are bound in the fresh frame itself, no frame per parameter
        if (bindVarArgs(<Array<Term>>d.args, args, fresh)) result = this.defValue(d, fresh, true, result);
      } else {
        const start = new Array<Frame>();
        this.bindArgs(<Array<Term>>d.args, args, 0, fresh, start);
        for (let s = 0; s < start.length; s++) result = this.defValue(d, unchecked(start[s]), true, result);
      }
      if (result !== NO_SOLUTION) return result;
    }
    return null;
  }

  /** `result` (NO_SOLUTION while d's body has had none) with the values d's body and value give from `frame`. */
  private defValue(d: Def, frame: Frame, isFunction: bool, result: Value | null): Value | null {
    const frames = this.frameLists.take();
    this.body(d.body, 0, frame, frames);
    for (let k = 0; k < frames.length; k++) {
      if (result === NO_SOLUTION) result = null;
      const v = this.terms1(d.value, unchecked(frames[k]));
      if (v === null) continue;
      if (result !== null && !valuesEqual(result, v)) {
        this.conflict(d, isFunction ? 'functions must not produce multiple outputs for same inputs' : 'complete rules must not produce multiple outputs');
      }
      result = v;
    }
    this.frameLists.give();
    return result;
  }

  private bindArgs(params: Array<Term>, args: Array<Value>, i: i32, f: Frame, out: Array<Frame>): void {
    if (i == params.length) {
      out.push(f);
      return;
    }
    const frames = new Array<Frame>();
    this.unifyValue(unchecked(params[i]), unchecked(args[i]), f, frames);
    for (let k = 0; k < frames.length; k++) this.bindArgs(params, args, i + 1, unchecked(frames[k]), out);
  }

  callFunction(idx: i32, args: Array<Value>): Value | null {
    return this.singleValue(unchecked(this.prog.rules[idx]), args);
  }

  /** A complete rule's value (args null) or a function's result: all definitions that succeed must agree. */
  private singleValue(rs: RuleSet, args: Array<Value> | null): Value | null {
    let result: Value | null = null;
    for (let d = 0; d < rs.defs.length; d++) {
      const v = this.chainValue(unchecked(rs.defs[d]), rs, args);
      if (v === null) continue;
      if (result !== null && !valuesEqual(result, v)) {
        this.conflict(unchecked(rs.defs[d]), args !== null ? 'functions must not produce multiple outputs for same inputs' : 'complete rules must not produce multiple outputs');
      }
      result = v;
    }
    if (result === null && rs.dflt !== null) result = this.terms1(<Term>rs.dflt, new Array<Value | null>(rs.nslots));
    return result;
  }

  private conflict(d: Def, message: string): void {
    const file = d.file < this.prog.files.length ? this.prog.files[d.file] : '?';
    runtimeError(file + ':' + d.row.toString() + ':' + d.col.toString() + ': eval_conflict_error: ' + message);
  }

  // ---- unification ----
  unify(a: Term, b: Term, f: Frame, out: Array<Frame>): void {
    if (a.kind == TK_VAR && unchecked(f[a.slot]) === null) {
      this.bindFrom(a.slot, b, f, out);
      return;
    }
    if (b.kind == TK_VAR && unchecked(f[b.slot]) === null) {
      this.bindFrom(b.slot, a, f, out);
      return;
    }
    if (isGround(a, f)) {
      const sols = new Array<Sol>();
      this.term(a, f, sols);
      for (let i = 0; i < sols.length; i++) this.unifyValue(b, sols[i].v, sols[i].f, out);
      return;
    }
    if (isGround(b, f)) {
      const sols = new Array<Sol>();
      this.term(b, f, sols);
      for (let i = 0; i < sols.length; i++) this.unifyValue(a, sols[i].v, sols[i].f, out);
      return;
    }
    if (a.kind == TK_ARRAY && b.kind == TK_ARRAY && a.items.length == b.items.length) {
      this.unifyPairs(a.items, b.items, 0, f, out);
    } else if (a.kind == TK_OBJECT && b.kind == TK_OBJECT && a.keys.length == b.keys.length) {
      // pair values by their (constant) keys
      const right = new Array<Term>();
      for (let i = 0; i < a.keys.length; i++) {
        const k = unchecked(a.keys[i]);
        if (k.kind != TK_CONST) return;
        let match = -1;
        for (let j = 0; j < b.keys.length; j++) {
          const bk = unchecked(b.keys[j]);
          if (bk.kind == TK_CONST && valuesEqual(<Value>bk.value, <Value>k.value)) match = j;
        }
        if (match < 0) return;
        right.push(unchecked(b.items[match]));
      }
      this.unifyPairs(a.items, right, 0, f, out);
    }
  }

  private unifyPairs(as: Array<Term>, bs: Array<Term>, i: i32, f: Frame, out: Array<Frame>): void {
    if (i == as.length) {
      out.push(f);
      return;
    }
    const frames = new Array<Frame>();
    this.unify(unchecked(as[i]), unchecked(bs[i]), f, frames);
    for (let k = 0; k < frames.length; k++) this.unifyPairs(as, bs, i + 1, unchecked(frames[k]), out);
  }

  private bindFrom(slot: i32, t: Term, f: Frame, out: Array<Frame>): void {
    if (t.kind == TK_REF && (t.headKind == HEAD_INPUT || t.headKind == HEAD_VAR)) {
      // `some x in input.xs` and the like, iterated and bound in one pass; with an empty rest of the
      // body, each solution's frame is copied into out
      const base = t.headKind == HEAD_INPUT ? this.input : unchecked(f[t.slot]);
      if (base !== null) this.iterate(<Value>base, t.items, 0, f, slot, NO_LITERALS, 0, out);
      return;
    }
    const sols = new Array<Sol>();
    this.term(t, f, sols);
    for (let i = 0; i < sols.length; i++) {
      const g = sols[i].f.slice();
      setSlot(g, slot, sols[i].v);
      out.push(g);
    }
  }

  /** Matches a pattern term against a value, binding its unbound vars. */
  unifyValue(t: Term, v: Value, f: Frame, out: Array<Frame>): void {
    const kind = t.kind;
    if (kind == TK_VAR) {
      const cur = unchecked(f[t.slot]);
      if (cur === null) {
        const g = f.slice();
        setSlot(g, t.slot, v);
        out.push(g);
      } else if (valuesEqual(cur, v)) {
        out.push(f);
      }
      return;
    }
    if (kind == TK_CONST) {
      if (valuesEqual(<Value>t.value, v)) out.push(f);
      return;
    }
    if (kind == TK_ARRAY && !isGround(t, f)) {
      if (v.kind != T_ARRAY || changetype<Arr>(v).items.length != t.items.length) return;
      this.unifyItems(t.items, changetype<Arr>(v).items, 0, f, out);
      return;
    }
    if (kind == TK_OBJECT && !isGround(t, f)) {
      if (v.kind != T_OBJECT || changetype<Obj>(v).keys.length != t.keys.length) return;
      const o = changetype<Obj>(v);
      const vals = new Array<Value>();
      for (let i = 0; i < t.keys.length; i++) {
        const k = this.terms1(unchecked(t.keys[i]), f);
        if (k === null) return;
        const val = o.get(k);
        if (val === null) return;
        vals.push(val);
      }
      this.unifyItems(t.items, vals, 0, f, out);
      return;
    }
    const sols = new Array<Sol>();
    this.term(t, f, sols);
    for (let i = 0; i < sols.length; i++) if (valuesEqual(sols[i].v, v)) out.push(sols[i].f);
  }

  private unifyItems(ts: Array<Term>, vs: Array<Value>, i: i32, f: Frame, out: Array<Frame>): void {
    if (i == ts.length) {
      out.push(f);
      return;
    }
    const frames = new Array<Frame>();
    this.unifyValue(unchecked(ts[i]), unchecked(vs[i]), f, frames);
    for (let k = 0; k < frames.length; k++) this.unifyItems(ts, vs, i + 1, unchecked(frames[k]), out);
  }
}

/** frame[slot] = v as a plain store: slots are in range by construction of the plan, and an Array's
 *  unchecked element store still went through a call in the optimized output. */
// @ts-ignore: decorator
@inline function setSlot(f: Frame, slot: i32, v: Value | null): void {
  store<usize>(f.dataStart + (<usize>slot << alignof<usize>()), changetype<usize>(v));
}

/** list[i] = v as a plain store, i in range by construction (see setSlot). */
// @ts-ignore: decorator
@inline function storeAt<T, V>(list: Array<T>, i: i32, v: V): void {
  store<usize>(list.dataStart + (<usize>i << alignof<usize>()), changetype<usize>(v));
}

function truthy(v: Value): bool {
  return !(v.kind == T_BOOLEAN && !changetype<Bool>(v).b);
}

/** No unbound vars outside ref operands (those iterate). */
function isGround(t: Term, f: Frame): bool {
  const kind = t.kind;
  if (kind == TK_VAR) return unchecked(f[t.slot]) !== null;
  if (kind == TK_ARRAY || kind == TK_SET) {
    for (let i = 0; i < t.items.length; i++) if (!isGround(unchecked(t.items[i]), f)) return false;
    return true;
  }
  if (kind == TK_OBJECT) {
    for (let i = 0; i < t.items.length; i++) {
      if (!isGround(unchecked(t.keys[i]), f) || !isGround(unchecked(t.items[i]), f)) return false;
    }
    return true;
  }
  if (kind == TK_REF && t.headKind == HEAD_VAR) return unchecked(f[t.slot]) !== null;
  return true;
}

function allVars(params: Array<Term>): bool {
  for (let i = 0; i < params.length; i++) if (unchecked(params[i]).kind != TK_VAR) return false;
  return true;
}

/** Unifies variable parameters with the arguments in `f` (a repeated variable must get equal arguments). */
function bindVarArgs(params: Array<Term>, args: Array<Value>, f: Frame): bool {
  for (let i = 0; i < params.length; i++) {
    const slot = unchecked(params[i]).slot;
    const arg = unchecked(args[i]);
    const cur = unchecked(f[slot]);
    if (cur === null) setSlot(f, slot, arg);
    else if (!valuesEqual(cur, arg)) return false;
  }
  return true;
}

function samePath(a: Array<Value>, b: Array<Value>, n: i32): bool {
  for (let i = 0; i < n; i++) if (!valuesEqual(unchecked(a[i]), unchecked(b[i]))) return false;
  return true;
}

export function copyObj(o: Obj): Obj {
  const c = new Obj();
  for (let i = 0; i < o.keys.length; i++) {
    c.keys.push(unchecked(o.keys[i]));
    c.vals.push(unchecked(o.vals[i]));
  }
  return c;
}

/** base with path[i..] set to v (objects created along the way). */
export function upsert(base: Value | null, path: Array<Value>, i: i32, v: Value): Value {
  if (i == path.length) return v;
  const obj = base !== null && base.kind == T_OBJECT ? copyObj(changetype<Obj>(base)) : new Obj();
  const key = unchecked(path[i]);
  obj.insert(key, upsert(obj.get(key), path, i + 1, v));
  return obj;
}


