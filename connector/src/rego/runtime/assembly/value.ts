// Rego values inside the Wasm runtime. Objects and sets keep their entries sorted in OPA's canonical
// order, so comparison, iteration and JSON output need no extra sorting. Values are immutable once
// they have been handed to the evaluator; builders (`Obj.insert`, `RSet.add`, `Arr.push`) are for
// constructing new values.

export const T_NULL: i32 = 1;
export const T_BOOLEAN: i32 = 2;
export const T_NUMBER: i32 = 3;
export const T_STRING: i32 = 4;
export const T_ARRAY: i32 = 5;
export const T_OBJECT: i32 = 6;
export const T_SET: i32 = 7;

export abstract class Value {
  constructor(public readonly kind: i32) {}
}

export class Null extends Value {
  constructor() {
    super(T_NULL);
  }
}

export class Bool extends Value {
  constructor(public readonly b: bool) {
    super(T_BOOLEAN);
  }
}

/** A number: a 64-bit integer when it is one (`isInt`), else an f64 plus, when it came from text
 *  (JSON or a literal), that exact text so that big integers and decimals print as they were written. */
export class Num extends Value {
  constructor(public readonly isInt: bool, public readonly i: i64, public readonly f: f64, public readonly text: string | null) {
    super(T_NUMBER);
  }
  toF64(): f64 {
    return this.isInt ? <f64>this.i : this.f;
  }
}

export class Str extends Value {
  /** The string as a JSON literal in UTF-8 (`jsonLength` bytes at `json`), made once for the plan's constants. */
  json: usize = 0;
  jsonLength: i32 = 0;
  constructor(public readonly s: string) {
    super(T_STRING);
  }
}

export class Arr extends Value {
  constructor(public readonly items: Array<Value>) {
    super(T_ARRAY);
  }
  get length(): i32 {
    return this.items.length;
  }
  at(i: i32): Value {
    return unchecked(this.items[i]);
  }
  push(v: Value): void {
    this.items.push(v);
  }
}

/** Object with keys kept sorted (canonical order) and unique; `vals[i]` belongs to `keys[i]`. */
export class Obj extends Value {
  readonly keys: Array<Value> = new Array<Value>();
  readonly vals: Array<Value> = new Array<Value>();
  constructor() {
    super(T_OBJECT);
  }
  get size(): i32 {
    return this.keys.length;
  }
  /** index of key, or -(insertion point) - 1 */
  find(key: Value): i32 {
    return sortedFind(this.keys, key);
  }
  get(key: Value): Value | null {
    const i = this.find(key);
    return i >= 0 ? unchecked(this.vals[i]) : null;
  }
  getStr(key: string): Value | null {
    return this.get(new Str(key));
  }
  /** inserts or overwrites */
  insert(key: Value, val: Value): void {
    const n = this.keys.length;
    if (n == 0 || compareValues(unchecked(this.keys[n - 1]), key) < 0) {
      this.keys.push(key);
      this.vals.push(val);
      return;
    }
    const i = this.find(key);
    if (i >= 0) {
      unchecked((this.vals[i] = val));
      return;
    }
    const at = -i - 1;
    insertAt(this.keys, at, key);
    insertAt(this.vals, at, val);
  }
  remove(key: Value): void {
    const i = this.find(key);
    if (i < 0) return;
    this.keys.splice(i, 1);
    this.vals.splice(i, 1);
  }
}

/** Set with elements kept sorted (canonical order) and unique. */
export class RSet extends Value {
  readonly items: Array<Value> = new Array<Value>();
  constructor() {
    super(T_SET);
  }
  get size(): i32 {
    return this.items.length;
  }
  has(v: Value): bool {
    return sortedFind(this.items, v) >= 0;
  }
  add(v: Value): void {
    const n = this.items.length;
    if (n == 0 || compareValues(unchecked(this.items[n - 1]), v) < 0) {
      this.items.push(v);
      return;
    }
    const i = sortedFind(this.items, v);
    if (i < 0) insertAt(this.items, -i - 1, v);
  }
}

// Shared immutable singletons: allocated at instantiation, below the heap pointer the SDK resets to.
export const NULL_VALUE: Null = new Null();
export const TRUE_VALUE: Bool = new Bool(true);
export const FALSE_VALUE: Bool = new Bool(false);

export function boolValue(b: bool): Bool {
  return b ? TRUE_VALUE : FALSE_VALUE;
}

// Small integers (array indices, counts) are shared: made at instantiation, so below the reset heap pointer.
const SMALL_INTS: i32 = 1024;
const smallInts = new Array<Num>(SMALL_INTS);
for (let k = 0; k < SMALL_INTS; k++) unchecked((smallInts[k] = new Num(true, <i64>k, <f64>k, null)));

export function intValue(i: i64): Num {
  if (i >= 0 && i < <i64>SMALL_INTS) return unchecked(smallInts[<i32>i]);
  return new Num(true, i, <f64>i, null);
}

/** An f64 result of arithmetic; integral values within ±2^53 become integers. */
export function floatValue(f: f64): Num {
  if (f == Math.floor(f) && Math.abs(f) <= 9007199254740992.0) return intValue(<i64>f);
  return new Num(false, 0, f, null);
}

/** Number from exact text (JSON number syntax). Integers that fit in i64 become `isInt`. */
export function numberFromText(text: string): Num {
  let integral = text.length > 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (!((c >= 48 && c <= 57) || (k == 0 && c == 45))) {
      integral = false;
      break;
    }
  }
  const digits = text.charCodeAt(0) == 45 ? text.length - 1 : text.length;
  if (integral && (digits < 19 || (digits == 19 && fitsI64(text)))) return intValue(I64.parseInt(text, 10));
  const f = F64.parseFloat(text);
  if (!integral && f == Math.floor(f) && Math.abs(f) <= 9007199254740992.0 && isPlainDecimal(text)) return intValue(<i64>f);
  return new Num(false, 0, f, text);
}

function fitsI64(text: string): bool {
  const negative = text.charCodeAt(0) == 45;
  const digits = negative ? text.substring(1) : text;
  return digits <= (negative ? '9223372036854775808' : '9223372036854775807');
}

/** `1.0`, `2.50` (no exponent): integral decimals are the same number as the integer, as in OPA. */
function isPlainDecimal(text: string): bool {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c == 101 || c == 69) return false;
  }
  return true;
}

export function compareNumbers(a: Num, b: Num): i32 {
  if (a.isInt && b.isInt) return a.i < b.i ? -1 : a.i > b.i ? 1 : 0;
  const x = a.toF64();
  const y = b.toF64();
  if (x < y) return -1;
  if (x > y) return 1;
  // equal as f64: exact texts (big integers beyond 2^53) decide when both have one
  const ta = a.text;
  const tb = b.text;
  if (ta !== null && tb !== null && ta != tb && a.isInt == b.isInt) {
    if (ta.length != tb.length) return (ta.length < tb.length) != (x < 0) ? -1 : 1;
    return (ta < tb) != (x < 0) ? -1 : 1;
  }
  return 0;
}

/** Code-unit order in one pass. (Go compares UTF-8 bytes; the orders differ only for surrogate pairs vs U+E000..U+FFFF.) */
function compareStrings(a: string, b: string): i32 {
  // identity only: AssemblyScript's === on strings compares their contents, which the loop below does anyway
  if (changetype<usize>(a) == changetype<usize>(b)) return 0;
  const n = min(a.length, b.length);
  const pa = changetype<usize>(a);
  const pb = changetype<usize>(b);
  for (let i = 0; i < n; i++) {
    const d = <i32>load<u16>(pa + (<usize>i << 1)) - <i32>load<u16>(pb + (<usize>i << 1));
    if (d != 0) return d;
  }
  return a.length - b.length;
}

function compareLists(a: Array<Value>, b: Array<Value>): i32 {
  const n = min(a.length, b.length);
  for (let k = 0; k < n; k++) {
    const c = compareValues(unchecked(a[k]), unchecked(b[k]));
    if (c != 0) return c;
  }
  return a.length - b.length;
}

/** OPA's canonical order: null < boolean < number < string < array < object < set. */
export function compareValues(a: Value, b: Value): i32 {
  if (a === b) return 0;
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  switch (a.kind) {
    case T_NULL:
      return 0;
    case T_BOOLEAN: {
      const x = changetype<Bool>(a).b;
      const y = changetype<Bool>(b).b;
      return x == y ? 0 : x ? 1 : -1;
    }
    case T_NUMBER:
      return compareNumbers(changetype<Num>(a), changetype<Num>(b));
    case T_STRING:
      return compareStrings(changetype<Str>(a).s, changetype<Str>(b).s);
    case T_ARRAY:
      return compareLists(changetype<Arr>(a).items, changetype<Arr>(b).items);
    case T_OBJECT: {
      const x = changetype<Obj>(a);
      const y = changetype<Obj>(b);
      const n = min(x.size, y.size);
      for (let k = 0; k < n; k++) {
        let c = compareValues(unchecked(x.keys[k]), unchecked(y.keys[k]));
        if (c != 0) return c;
        c = compareValues(unchecked(x.vals[k]), unchecked(y.vals[k]));
        if (c != 0) return c;
      }
      return x.size - y.size;
    }
    default:
      return compareLists(changetype<RSet>(a).items, changetype<RSet>(b).items);
  }
}

export function valuesEqual(a: Value, b: Value): bool {
  return compareValues(a, b) == 0;
}

/** Binary search in a sorted list: index of v, or -(insertion point) - 1. */
export function sortedFind(list: Array<Value>, v: Value): i32 {
  if (v.kind == T_STRING) return sortedFindString(list, changetype<Str>(v).s);
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareValues(unchecked(list[mid]), v);
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

/** sortedFind for a string key (object field lookups): no generic dispatch per probe. */
function sortedFindString(list: Array<Value>, key: string): i32 {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const item = unchecked(list[mid]);
    const c = item.kind == T_STRING ? compareStrings(changetype<Str>(item).s, key) : item.kind < T_STRING ? -1 : 1;
    if (c < 0) lo = mid + 1;
    else if (c > 0) hi = mid - 1;
    else return mid;
  }
  return -lo - 1;
}

function insertAt(list: Array<Value>, at: i32, v: Value): void {
  list.push(v);
  // one move of the elements after `at` (element stores went through a call each in the optimized output)
  const slot = list.dataStart + (<usize>at << alignof<usize>());
  memory.copy(slot + sizeof<usize>(), slot, <usize>(list.length - 1 - at) << alignof<usize>());
  store<usize>(slot, changetype<usize>(v));
}

/** Value at `key` of an array (integer index), object (key) or set (the element itself if member). */
export function getMember(container: Value, key: Value): Value | null {
  switch (container.kind) {
    case T_ARRAY: {
      if (key.kind != T_NUMBER) return null;
      const n = changetype<Num>(key);
      if (!n.isInt) {
        const f = n.f;
        if (f != Math.floor(f)) return null;
        return getIndex(changetype<Arr>(container), <i64>f);
      }
      return getIndex(changetype<Arr>(container), n.i);
    }
    case T_OBJECT:
      return changetype<Obj>(container).get(key);
    case T_SET:
      return changetype<RSet>(container).has(key) ? key : null;
    default:
      return null;
  }
}

function getIndex(arr: Arr, i: i64): Value | null {
  if (i < 0 || i >= <i64>arr.length) return null;
  return arr.at(<i32>i);
}
