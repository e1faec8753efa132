// String built-ins. Positions and lengths count code points (Go runes) like OPA, not UTF-16 code units;
// the two differ only for characters outside the Basic Multilingual Plane.
import { Value, Str, Arr, RSet, Obj, Num, T_STRING, T_ARRAY, T_SET, T_OBJECT, boolValue, intValue } from '../value';

export function str(v: Value): string | null {
  return v.kind == T_STRING ? changetype<Str>(v).s : null;
}

function strings(v: Value): Array<string> | null {
  let items: Array<Value>;
  if (v.kind == T_ARRAY) items = changetype<Arr>(v).items;
  else if (v.kind == T_SET) items = changetype<RSet>(v).items;
  else return null;
  const out = new Array<string>();
  for (let i = 0; i < items.length; i++) {
    const s = str(items[i]);
    if (s === null) return null;
    out.push(s);
  }
  return out;
}

export function codePoints(s: string): i32 {
  return codePointsBefore(s, s.length);
}

/** code points in the first `units` UTF-16 code units of s */
function codePointsBefore(s: string, units: i32): i32 {
  let n = 0;
  for (let i = 0; i < units; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}

/** UTF-16 offset of code point number `cp` (s.length when past the end) */
function unitOffset(s: string, cp: i64): i32 {
  let n: i64 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    if (n == cp) return i;
    n++;
  }
  return s.length;
}

function isInt(v: Value): bool {
  return v instanceof Num && changetype<Num>(v).isInt;
}

function intOf(v: Value): i64 {
  return changetype<Num>(v).i;
}

export function concat(delim: Value, list: Value): Value | null {
  const d = str(delim);
  const xs = strings(list);
  if (d === null || xs === null) return null;
  return new Str(xs.join(d));
}

export function stringTest(op: i32, a: Value, b: Value): Value | null {
  const x = str(a);
  const y = str(b);
  if (x === null || y === null) return null;
  if (op == 0) return boolValue(x.includes(y));
  if (op == 1) return boolValue(x.startsWith(y));
  return boolValue(x.endsWith(y));
}

export function caseMap(upper: bool, a: Value): Value | null {
  const x = str(a);
  if (x === null) return null;
  return new Str(upper ? x.toUpperCase() : x.toLowerCase());
}

function isHighSurrogate(c: i32): bool {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: i32): bool {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** UTF-16 length (1 or 2) of the code point starting at `at` / ending just before `end` */
function widthAt(s: string, at: i32): i32 {
  return isHighSurrogate(s.charCodeAt(at)) && at + 1 < s.length && isLowSurrogate(s.charCodeAt(at + 1)) ? 2 : 1;
}

function widthBefore(s: string, end: i32): i32 {
  return isLowSurrogate(s.charCodeAt(end - 1)) && end >= 2 && isHighSurrogate(s.charCodeAt(end - 2)) ? 2 : 1;
}

/** mode: 0 both ends, 1 left, 2 right (cutset); 3 prefix, 4 suffix; 5 whitespace */
export function trim(mode: i32, a: Value, b: Value | null): Value | null {
  const s = str(a);
  if (s === null) return null;
  if (mode == 5) return new Str(s.trim());
  const cut: string | null = b === null ? null : str(b);
  if (cut === null) return null;
  if (mode == 3) return new Str(s.startsWith(cut) ? s.substring(cut.length) : s);
  if (mode == 4) return new Str(s.endsWith(cut) ? s.substring(0, s.length - cut.length) : s);
  let start = 0;
  let end = s.length;
  // the cutset is a set of code points: a surrogate pair is cut only as a whole
  if (mode != 2) {
    while (start < end) {
      const w = widthAt(s, start);
      if (!cut.includes(s.substring(start, start + w))) break;
      start += w;
    }
  }
  if (mode != 1) {
    while (end > start) {
      const w = widthBefore(s, end);
      if (!cut.includes(s.substring(end - w, end))) break;
      end -= w;
    }
  }
  return new Str(s.substring(start, end));
}

export function split(a: Value, b: Value): Value | null {
  const s = str(a);
  const d = str(b);
  if (s === null || d === null) return null;
  const parts = d.length == 0 ? splitChars(s) : s.split(d);
  const out = new Array<Value>();
  for (let i = 0; i < parts.length; i++) out.push(new Str(parts[i]));
  return new Arr(out);
}

/** the code points of s, each as a string (a surrogate pair stays whole) */
function splitChars(s: string): Array<string> {
  const out = new Array<string>();
  for (let i = 0; i < s.length; i++) {
    const w = widthAt(s, i);
    out.push(s.substring(i, i + w));
    i += w - 1;
  }
  return out;
}

export function replace(a: Value, b: Value, c: Value): Value | null {
  const s = str(a);
  const old = str(b);
  const neu = str(c);
  if (s === null || old === null || neu === null) return null;
  // Go's strings.Replace: an empty `old` matches before every code point and at the end
  if (old.length == 0) return new Str(neu + splitChars(s).join(neu) + (s.length > 0 ? neu : ''));
  return new Str(s.replaceAll(old, neu));
}

export function replaceN(patterns: Value, a: Value): Value | null {
  const s = str(a);
  if (s === null || patterns.kind != T_OBJECT) return null;
  const o = changetype<Obj>(patterns);
  let out = '';
  let i = 0;
  // like Go's strings.Replacer: at each position the first matching pattern (in key order) wins
  while (i < s.length) {
    let matched = false;
    for (let k = 0; k < o.keys.length; k++) {
      const key = str(o.keys[k]);
      const val = str(o.vals[k]);
      if (key === null || val === null) return null;
      if (key.length > 0 && s.startsWith(key, i)) {
        out += val;
        i += key.length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      out += s.charAt(i);
      i++;
    }
  }
  return new Str(out);
}

export function reverse(a: Value): Value | null {
  const s = str(a);
  if (s === null) return null;
  let out = '';
  // a surrogate pair stays in order: it is one code point
  for (let end = s.length; end > 0; ) {
    const w = widthBefore(s, end);
    out += s.substring(end - w, end);
    end -= w;
  }
  return new Str(out);
}

export function substring(a: Value, b: Value, c: Value): Value | null {
  const s = str(a);
  if (s === null || !isInt(b) || !isInt(c)) return null;
  const start = intOf(b);
  const len = intOf(c);
  if (start < 0) return null;
  const from = unitOffset(s, start);
  const to = len < 0 ? s.length : unitOffset(s, start + len);
  return new Str(s.substring(from, to));
}

export function indexOf(a: Value, b: Value): Value | null {
  const s = str(a);
  const t = str(b);
  if (s === null || t === null) return null;
  const at = s.indexOf(t);
  return intValue(at < 0 ? -1 : codePointsBefore(s, at));
}

export function indexOfN(a: Value, b: Value): Value | null {
  const s = str(a);
  const t = str(b);
  if (s === null || t === null) return null;
  const out = new Array<Value>();
  if (t.length == 0) return new Arr(out);
  let at = s.indexOf(t);
  while (at >= 0) {
    out.push(intValue(codePointsBefore(s, at)));
    at = s.indexOf(t, at + 1);
  }
  return new Arr(out);
}

export function countOccurrences(a: Value, b: Value): Value | null {
  const s = str(a);
  const t = str(b);
  if (s === null || t === null) return null;
  if (t.length == 0) return intValue(codePoints(s) + 1);
  let n = 0;
  let at = s.indexOf(t);
  while (at >= 0) {
    n++;
    at = s.indexOf(t, at + t.length);
  }
  return intValue(n);
}

export function anyAffixMatch(suffix: bool, a: Value, b: Value): Value | null {
  const xs = a.kind == T_STRING ? [changetype<Str>(a).s] : strings(a);
  const ys = b.kind == T_STRING ? [changetype<Str>(b).s] : strings(b);
  if (xs === null || ys === null) return null;
  for (let i = 0; i < xs.length; i++) {
    for (let k = 0; k < ys.length; k++) {
      if (suffix ? xs[i].endsWith(ys[k]) : xs[i].startsWith(ys[k])) return boolValue(true);
    }
  }
  return boolValue(false);
}

const DIGITS = '0123456789abcdef';

export function formatInt(a: Value, b: Value): Value | null {
  if (!(a instanceof Num) || !isInt(b)) return null;
  const base = intOf(b);
  if (base != 2 && base != 8 && base != 10 && base != 16) return null;
  const n = changetype<Num>(a);
  // beyond int64 the digits would be wrong (conversion saturates): undefined rather than a wrong answer
  if (!n.isInt && !(n.f > -9223372036854775808.0 && n.f < 9223372036854775808.0)) return null;
  const signed: i64 = n.isInt ? n.i : <i64>(n.f < 0 ? Math.ceil(n.f) : Math.floor(n.f));
  const negative = signed < 0;
  // the magnitude as u64, so that the smallest int64 has one too
  let v: u64 = negative ? <u64>0 - <u64>signed : <u64>signed;
  const radix = <u64>base;
  let out = '';
  do {
    out = DIGITS.charAt(<i32>(v % radix)) + out;
    v = v / radix;
  } while (v > 0);
  return new Str(negative ? '-' + out : out);
}
