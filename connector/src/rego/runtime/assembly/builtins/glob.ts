// glob.match and glob.quote_meta (gobwas/glob syntax as OPA uses it: * ** ? [..] [!..] {a,b} and \ escapes).
import { Value, Str, Arr, T_STRING, T_ARRAY, T_NULL, boolValue } from '../value';

function isDelimiter(c: i32, delimiters: Array<i32>): bool {
  for (let i = 0; i < delimiters.length; i++) if (delimiters[i] == c) return true;
  return false;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(p: string, open: i32): i32 {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c == 92) { i++; continue; }
    if (c == 123) depth++;
    else if (c == 125 && --depth == 0) return i;
  }
  return -1;
}

function alternatives(p: string, open: i32, close: i32): Array<string> {
  const out = new Array<string>();
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = p.charCodeAt(i);
    if (c == 92) { i++; continue; }
    if (c == 123) depth++;
    else if (c == 125) depth--;
    else if (c == 44 && depth == 0) {
      out.push(p.substring(start, i));
      start = i + 1;
    }
  }
  out.push(p.substring(start, close));
  return out;
}

function matchClass(p: string, at: i32, c: i32): i32 {
  // returns index after the class if c matches, -(index after class) - 1 if not, or -1 - p.length on a broken class
  let i = at + 1;
  let negate = false;
  if (i < p.length && p.charCodeAt(i) == 33) { negate = true; i++; }
  let matched = false;
  let first = true;
  while (i < p.length && (first || p.charCodeAt(i) != 93)) {
    first = false;
    let lo = p.charCodeAt(i);
    if (lo == 92 && i + 1 < p.length) lo = p.charCodeAt(++i);
    let hi = lo;
    if (i + 2 < p.length && p.charCodeAt(i + 1) == 45 && p.charCodeAt(i + 2) != 93) {
      hi = p.charCodeAt(i + 2);
      i += 2;
    }
    if (c >= lo && c <= hi) matched = true;
    i++;
  }
  if (i >= p.length) return -1 - p.length;
  return matched != negate ? i + 1 : -(i + 1) - 1;
}

/**
 * Whether p from pi matches s from si. `failed` marks the (pi, si) starts already known not to match, one byte per
 * pair: without it, patterns with several stars (`*a*a*a*b`) take exponential time on long subjects.
 */
function match(p: string, pi: i32, s: string, si: i32, delimiters: Array<i32>, failed: Uint8Array): bool {
  const start = pi * (s.length + 1) + si;
  if (unchecked(failed[start])) return false;
  const matched = matchFrom(p, pi, s, si, delimiters, failed);
  if (!matched) unchecked((failed[start] = 1));
  return matched;
}

function matchFrom(p: string, pi: i32, s: string, si: i32, delimiters: Array<i32>, failed: Uint8Array): bool {
  while (pi < p.length) {
    const c = p.charCodeAt(pi);
    if (c == 42) {
      const super_ = pi + 1 < p.length && p.charCodeAt(pi + 1) == 42;
      const rest = super_ ? pi + 2 : pi + 1;
      for (let k = si; k <= s.length; k++) {
        if (match(p, rest, s, k, delimiters, failed)) return true;
        if (k < s.length && !super_ && isDelimiter(s.charCodeAt(k), delimiters)) return false;
      }
      return false;
    }
    if (c == 123) {
      const close = closingBrace(p, pi);
      if (close < 0) return false;
      const alts = alternatives(p, pi, close);
      const tail = p.substring(close + 1);
      for (let k = 0; k < alts.length; k++) if (matchPattern(alts[k] + tail, s, si, delimiters)) return true;
      return false;
    }
    if (si >= s.length) return false;
    const sc = s.charCodeAt(si);
    if (c == 63) {
      if (isDelimiter(sc, delimiters)) return false;
    } else if (c == 91) {
      const r = matchClass(p, pi, sc);
      if (r < 0 || isDelimiter(sc, delimiters)) return false;
      pi = r;
      si++;
      continue;
    } else if (c == 92 && pi + 1 < p.length) {
      pi++;
      if (p.charCodeAt(pi) != sc) return false;
    } else if (c != sc) {
      return false;
    }
    pi++;
    si++;
  }
  return si == s.length;
}

/** A whole (brace-expanded) pattern against s from si, with its own record of failed starts. */
function matchPattern(p: string, s: string, si: i32, delimiters: Array<i32>): bool {
  return match(p, 0, s, si, delimiters, new Uint8Array((p.length + 1) * (s.length + 1)));
}

export function globMatch(pattern: Value, delims: Value, subject: Value): Value | null {
  if (pattern.kind != T_STRING || subject.kind != T_STRING) return null;
  const delimiters = new Array<i32>();
  if (delims.kind == T_ARRAY) {
    const items = changetype<Arr>(delims).items;
    for (let i = 0; i < items.length; i++) {
      if (items[i].kind != T_STRING) return null;
      const d = changetype<Str>(items[i]).s;
      if (d.length > 0) delimiters.push(d.charCodeAt(0));
    }
    if (items.length == 0) delimiters.push(46);
  } else if (delims.kind != T_NULL) {
    return null;
  }
  return boolValue(matchPattern(changetype<Str>(pattern).s, changetype<Str>(subject).s, 0, delimiters));
}

export function quoteMeta(a: Value): Value | null {
  if (a.kind != T_STRING) return null;
  const s = changetype<Str>(a).s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if ('*?[]{}\\'.includes(c)) out += '\\';
    out += c;
  }
  return new Str(out);
}
