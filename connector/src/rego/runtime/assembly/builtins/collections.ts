// Aggregates, arrays, sets, objects and membership.
import {
  Value, Arr, Obj, RSet, Str, Num, T_ARRAY, T_SET, T_OBJECT, T_STRING, T_BOOLEAN, Bool,
  boolValue, intValue, compareValues, valuesEqual, getMember,
} from '../value';
import { codePoints } from './strings';

function elements(v: Value): Array<Value> | null {
  if (v.kind == T_ARRAY) return changetype<Arr>(v).items;
  if (v.kind == T_SET) return changetype<RSet>(v).items;
  return null;
}

export function count(v: Value): Value | null {
  if (v.kind == T_STRING) return intValue(codePoints(changetype<Str>(v).s));
  if (v.kind == T_OBJECT) return intValue(changetype<Obj>(v).keys.length);
  const xs = elements(v);
  return xs === null ? null : intValue(xs.length);
}

export function extreme(max: bool, v: Value): Value | null {
  const xs = elements(v);
  if (xs === null || xs.length == 0) return null;
  let best = xs[0];
  for (let i = 1; i < xs.length; i++) {
    const c = compareValues(xs[i], best);
    if (max ? c > 0 : c < 0) best = xs[i];
  }
  return best;
}

export function sort(v: Value): Value | null {
  const xs = elements(v);
  if (xs === null) return null;
  const copy = xs.slice();
  copy.sort((a: Value, b: Value): i32 => compareValues(a, b));
  return new Arr(copy);
}

export function allAny(all: bool, v: Value): Value | null {
  const xs = elements(v);
  if (xs === null) return null;
  for (let i = 0; i < xs.length; i++) {
    const t = xs[i].kind == T_BOOLEAN && changetype<Bool>(xs[i]).b;
    if (all && !t) return boolValue(false);
    if (!all && t) return boolValue(true);
  }
  return boolValue(all);
}

export function arrayConcat(a: Value, b: Value): Value | null {
  if (a.kind != T_ARRAY || b.kind != T_ARRAY) return null;
  return new Arr(changetype<Arr>(a).items.concat(changetype<Arr>(b).items));
}

export function arraySlice(a: Value, b: Value, c: Value): Value | null {
  // indices must be integers, as in OPA (a fraction is a type error, hence undefined)
  if (a.kind != T_ARRAY || !(b instanceof Num) || !(c instanceof Num) || !changetype<Num>(b).isInt || !changetype<Num>(c).isInt) return null;
  const items = changetype<Arr>(a).items;
  let start = changetype<Num>(b).i;
  let end = changetype<Num>(c).i;
  if (start < 0) start = 0;
  if (end > <i64>items.length) end = items.length;
  if (start >= end) return new Arr(new Array<Value>());
  return new Arr(items.slice(<i32>start, <i32>end));
}

export function arrayReverse(a: Value): Value | null {
  if (a.kind != T_ARRAY) return null;
  const copy = changetype<Arr>(a).items.slice();
  copy.reverse();
  return new Arr(copy);
}

export function setOp(intersect: bool, a: Value, b: Value): Value | null {
  if (a.kind != T_SET || b.kind != T_SET) return null;
  const x = changetype<RSet>(a);
  const y = changetype<RSet>(b);
  const out = new RSet();
  if (intersect) {
    for (let i = 0; i < x.items.length; i++) if (y.has(x.items[i])) out.items.push(x.items[i]);
    return out;
  }
  for (let i = 0; i < x.items.length; i++) out.items.push(x.items[i]);
  for (let i = 0; i < y.items.length; i++) out.add(y.items[i]);
  return out;
}

export function setOpN(intersect: bool, a: Value): Value | null {
  if (a.kind != T_SET) return null;
  const sets = changetype<RSet>(a).items;
  let acc: Value | null = null;
  for (let i = 0; i < sets.length; i++) {
    if (sets[i].kind != T_SET) return null;
    acc = acc === null ? sets[i] : setOp(intersect, acc, sets[i]);
  }
  return acc === null ? new RSet() : acc;
}

/** `x in xs`: xs an array or set (elements) or object (values). */
export function member2(x: Value, xs: Value): Value | null {
  if (xs.kind == T_SET) return boolValue(changetype<RSet>(xs).has(x));
  let items: Array<Value>;
  if (xs.kind == T_ARRAY) items = changetype<Arr>(xs).items;
  else if (xs.kind == T_OBJECT) items = changetype<Obj>(xs).vals;
  else return boolValue(false);
  for (let i = 0; i < items.length; i++) if (valuesEqual(items[i], x)) return boolValue(true);
  return boolValue(false);
}

export function member3(k: Value, v: Value, xs: Value): Value | null {
  if (xs.kind != T_ARRAY && xs.kind != T_OBJECT && xs.kind != T_SET) return boolValue(false);
  const found = getMember(xs, k);
  return boolValue(found !== null && valuesEqual(found, v));
}

export function objectGet(o: Value, key: Value, dflt: Value): Value | null {
  if (o.kind != T_OBJECT) return null;
  if (key.kind == T_ARRAY) {
    let cur: Value = o;
    const path = changetype<Arr>(key).items;
    for (let i = 0; i < path.length; i++) {
      const next = getMember(cur, path[i]);
      if (next === null) return dflt;
      cur = next;
    }
    return cur;
  }
  const v = changetype<Obj>(o).get(key);
  return v === null ? dflt : v;
}

export function objectKeys(o: Value): Value | null {
  if (o.kind != T_OBJECT) return null;
  const s = new RSet();
  const keys = changetype<Obj>(o).keys;
  for (let i = 0; i < keys.length; i++) s.items.push(keys[i]);
  return s;
}

/** Deep merge: b wins, objects on both sides merge recursively. */
export function objectUnion(a: Value, b: Value): Value | null {
  if (a.kind != T_OBJECT || b.kind != T_OBJECT) return null;
  return merge(changetype<Obj>(a), changetype<Obj>(b));
}

function merge(a: Obj, b: Obj): Obj {
  const out = new Obj();
  for (let i = 0; i < a.keys.length; i++) {
    out.keys.push(a.keys[i]);
    out.vals.push(a.vals[i]);
  }
  for (let i = 0; i < b.keys.length; i++) {
    const k = b.keys[i];
    const existing = out.get(k);
    const v = b.vals[i];
    if (existing !== null && existing.kind == T_OBJECT && v.kind == T_OBJECT) out.insert(k, merge(changetype<Obj>(existing), changetype<Obj>(v)));
    else out.insert(k, v);
  }
  return out;
}

export function objectUnionN(a: Value): Value | null {
  if (a.kind != T_ARRAY) return null;
  const items = changetype<Arr>(a).items;
  let acc = new Obj();
  for (let i = 0; i < items.length; i++) {
    if (items[i].kind != T_OBJECT) return null;
    acc = merge(acc, changetype<Obj>(items[i]));
  }
  return acc;
}

function keySet(keys: Value): RSet | null {
  const s = new RSet();
  if (keys.kind == T_OBJECT) {
    const ks = changetype<Obj>(keys).keys;
    for (let i = 0; i < ks.length; i++) s.add(ks[i]);
    return s;
  }
  const xs = elements(keys);
  if (xs === null) return null;
  for (let i = 0; i < xs.length; i++) s.add(xs[i]);
  return s;
}

export function objectFilter(keep: bool, o: Value, keys: Value): Value | null {
  if (o.kind != T_OBJECT) return null;
  const ks = keySet(keys);
  if (ks === null) return null;
  const src = changetype<Obj>(o);
  const out = new Obj();
  for (let i = 0; i < src.keys.length; i++) {
    if (ks.has(src.keys[i]) == keep) {
      out.keys.push(src.keys[i]);
      out.vals.push(src.vals[i]);
    }
  }
  return out;
}
