// Comparison and arithmetic. Integer arithmetic stays exact in 64 bits; results beyond that fall back to f64.
import { Value, Num, RSet, Arr, T_NUMBER, T_SET, boolValue, compareValues, intValue, floatValue } from '../value';

export function num(v: Value): Num | null {
  return v.kind == T_NUMBER ? changetype<Num>(v) : null;
}

export function compare(op: i32, a: Value, b: Value): Value {
  const c = compareValues(a, b);
  switch (op) {
    case 0: return boolValue(c == 0);
    case 1: return boolValue(c != 0);
    case 2: return boolValue(c < 0);
    case 3: return boolValue(c <= 0);
    case 4: return boolValue(c > 0);
    default: return boolValue(c >= 0);
  }
}

export function plus(a: Value, b: Value): Value | null {
  const x = num(a);
  const y = num(b);
  if (x === null || y === null) return null;
  if (x.isInt && y.isInt) {
    const r = x.i + y.i;
    if (((x.i ^ r) & (y.i ^ r)) >= 0) return intValue(r);
  }
  return floatValue(x.toF64() + y.toF64());
}

export function minus(a: Value, b: Value): Value | null {
  if (a.kind == T_SET && b.kind == T_SET) {
    const out = new RSet();
    const xs = changetype<RSet>(a).items;
    const other = changetype<RSet>(b);
    for (let i = 0; i < xs.length; i++) if (!other.has(xs[i])) out.items.push(xs[i]);
    return out;
  }
  const x = num(a);
  const y = num(b);
  if (x === null || y === null) return null;
  if (x.isInt && y.isInt) {
    const r = x.i - y.i;
    if (((x.i ^ y.i) & (x.i ^ r)) >= 0) return intValue(r);
  }
  return floatValue(x.toF64() - y.toF64());
}

export function mul(a: Value, b: Value): Value | null {
  const x = num(a);
  const y = num(b);
  if (x === null || y === null) return null;
  if (x.isInt && y.isInt) {
    const ax = x.i < 0 ? -x.i : x.i;
    const ay = y.i < 0 ? -y.i : y.i;
    if (ax < 3037000499 && ay < 3037000499) return intValue(x.i * y.i);
  }
  return floatValue(x.toF64() * y.toF64());
}

export function div(a: Value, b: Value): Value | null {
  const x = num(a);
  const y = num(b);
  if (x === null || y === null) return null;
  const d = y.toF64();
  if (d == 0) return null;
  // the smallest int64 divided by -1 does not fit (and would trap): it takes the f64 path
  if (x.isInt && y.isInt && x.i % y.i == 0 && !(x.i == i64.MIN_VALUE && y.i == -1)) return intValue(x.i / y.i);
  return floatValue(x.toF64() / d);
}

export function rem(a: Value, b: Value): Value | null {
  const x = num(a);
  const y = num(b);
  if (x === null || y === null) return null;
  if (!x.isInt || !y.isInt || y.i == 0) return null;
  return intValue(x.i % y.i);
}

/** Go's math.Round: half away from zero, without the f + 0.5 rounding error (0.49999999999999994 → 0) */
function roundHalfAway(f: f64): f64 {
  const t = Math.trunc(f);
  if (Math.abs(f - t) >= 0.5) return t + (f < 0 ? -1.0 : 1.0);
  return t;
}

export function round(op: i32, a: Value): Value | null {
  const x = num(a);
  if (x === null) return null;
  if (x.isInt) {
    if (op != 3 || x.i >= 0) return x;
    return x.i == i64.MIN_VALUE ? floatValue(-<f64>x.i) : intValue(-x.i);
  }
  const f = x.f;
  if (op == 0) return floatValue(roundHalfAway(f));
  if (op == 1) return floatValue(Math.ceil(f));
  if (op == 2) return floatValue(Math.floor(f));
  return floatValue(Math.abs(f));
}

export function range(a: Value, b: Value): Value | null {
  const x = num(a);
  const y = num(b);
  if (x === null || y === null || !x.isInt || !y.isInt) return null;
  const out = new Array<Value>();
  if (x.i <= y.i) for (let i = x.i; i <= y.i; i++) out.push(intValue(i));
  else for (let i = x.i; i >= y.i; i--) out.push(intValue(i));
  return new Arr(out);
}

/** Numbers of an array or set, or null if the collection holds anything else. */
export function numbers(v: Value): Array<Num> | null {
  let items: Array<Value>;
  if (v instanceof Arr) items = changetype<Arr>(v).items;
  else if (v.kind == T_SET) items = changetype<RSet>(v).items;
  else return null;
  const out = new Array<Num>();
  for (let i = 0; i < items.length; i++) {
    const n = num(items[i]);
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

export function sum(v: Value, product: bool): Value | null {
  const ns = numbers(v);
  if (ns === null) return null;
  let acc: Value = intValue(product ? 1 : 0);
  for (let i = 0; i < ns.length; i++) {
    const next = product ? mul(acc, ns[i]) : plus(acc, ns[i]);
    if (next === null) return null;
    acc = next;
  }
  return acc;
}
