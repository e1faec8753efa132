// JSON text ⇄ values. Parsing reads UTF-8 bytes straight from linear memory (the SDK writes input there);
// dumping writes canonical JSON (sorted keys, sets as arrays, numbers exactly as they came in).
import {
  Value, Arr, Obj, RSet, Str, Num, Bool, NULL_VALUE, TRUE_VALUE, FALSE_VALUE, numberFromText, intValue,
  T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
} from './value';

/** The `len` UTF-8 bytes at `ptr` as a string; `bits` (the bytes ORed) below 0x80 means ASCII: widened without decoding. */
function textAt(ptr: usize, len: usize, bits: i32): string {
  if (bits >= 0x80) return String.UTF8.decodeUnsafe(ptr, len);
  const s = changetype<usize>(__new(len << 1, idof<string>()));
  for (let i: usize = 0; i < len; i++) store<u16>(s + (i << 1), load<u8>(ptr + i));
  return changetype<string>(s);
}

class JSONReader {
  pos: usize;
  failed: bool = false;
  constructor(start: usize, readonly end: usize) {
    this.pos = start;
  }

  private peek(): i32 {
    return this.pos < this.end ? <i32>load<u8>(this.pos) : -1;
  }

  skipSpace(): void {
    // through a local pointer: the field would be stored and reloaded after every byte
    let p = this.pos;
    while (p < this.end) {
      const c = load<u8>(p);
      if (c != 32 && c != 9 && c != 10 && c != 13) break;
      p++;
    }
    this.pos = p;
  }

  value(depth: i32): Value | null {
    if (depth > 10000) return null;
    this.skipSpace();
    const c = this.peek();
    if (c == 123) return this.object(depth);
    if (c == 91) return this.array(depth);
    if (c == 34) {
      const s = this.string();
      return s === null ? null : new Str(s);
    }
    if (c == 116) return this.literal('true', TRUE_VALUE);
    if (c == 102) return this.literal('false', FALSE_VALUE);
    if (c == 110) return this.literal('null', NULL_VALUE);
    if (c == 45 || (c >= 48 && c <= 57)) return this.number();
    return null;
  }

  private literal(word: string, v: Value): Value | null {
    const n = <usize>word.length;
    if (this.pos + n > this.end) return null;
    for (let i: usize = 0; i < n; i++) {
      if (<i32>load<u8>(this.pos + i) != word.charCodeAt(<i32>i)) return null;
    }
    this.pos += n;
    return v;
  }

  private number(): Value | null {
    const start = this.pos;
    if (this.peek() == 45) this.pos++;
    let digits = 0;
    while (this.pos < this.end) {
      const c = <i32>load<u8>(this.pos);
      if ((c >= 48 && c <= 57) || c == 46 || c == 101 || c == 69 || c == 43 || c == 45) {
        if (c >= 48 && c <= 57) digits++;
        this.pos++;
      } else break;
    }
    if (digits == 0) return null;
    const len = <i32>(this.pos - start);
    const negative = load<u8>(start) == 45;
    // plain integers of up to 18 digits (ids, counts, scores) fit an i64 exactly: no text detour
    if (digits <= 18 && digits == len - (negative ? 1 : 0) && (digits == 1 || load<u8>(start + (negative ? 1 : 0)) != 48)) {
      let n: i64 = 0;
      for (let p = start + (negative ? 1 : 0); p < this.pos; p++) n = n * 10 + <i64>(load<u8>(p) - 48);
      return intValue(negative ? -n : n);
    }
    return numberFromText(String.UTF8.decodeUnsafe(start, this.pos - start));
  }

  string(): string | null {
    const end = this.end;
    let p = this.pos + 1; // past the opening quote
    let out = '';
    let runStart = p;
    // all bytes of the run ORed: below 0x80 when it is ASCII, the common case, which needs no UTF-8 decoding
    let bits = 0;
    while (p < end) {
      const c = <i32>load<u8>(p);
      if (c == 34) {
        const tail = textAt(runStart, p - runStart, bits);
        this.pos = p + 1;
        return out.length == 0 ? tail : out + tail;
      }
      if (c == 92) {
        out += textAt(runStart, p - runStart, bits);
        p++;
        if (p >= end) return null;
        const e = <i32>load<u8>(p);
        p++;
        if (e == 110) out += '\n';
        else if (e == 116) out += '\t';
        else if (e == 114) out += '\r';
        else if (e == 98) out += '\b';
        else if (e == 102) out += '\f';
        else if (e == 34 || e == 92 || e == 47) out += String.fromCharCode(e);
        else if (e == 117) {
          this.pos = p;
          const code = this.hex4();
          if (code < 0) return null;
          p = this.pos;
          out += String.fromCharCode(code);
        } else return null;
        runStart = p;
        bits = 0;
        continue;
      }
      if (c < 32) return null;
      bits |= c;
      p++;
    }
    return null;
  }

  private hex4(): i32 {
    if (this.pos + 4 > this.end) return -1;
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const c = <i32>load<u8>(this.pos++);
      let d: i32;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else return -1;
      v = (v << 4) | d;
    }
    return v;
  }

  private array(depth: i32): Value | null {
    this.pos++;
    const items = new Array<Value>();
    this.skipSpace();
    if (this.peek() == 93) {
      this.pos++;
      return new Arr(items);
    }
    for (;;) {
      const v = this.value(depth + 1);
      if (v === null) return null;
      items.push(v);
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c == 44) continue;
      if (c == 93) return new Arr(items);
      return null;
    }
  }

  private object(depth: i32): Value | null {
    this.pos++;
    const obj = new Obj();
    this.skipSpace();
    if (this.peek() == 125) {
      this.pos++;
      return obj;
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() != 34) return null;
      const k = this.string();
      if (k === null) return null;
      this.skipSpace();
      if (this.peek() != 58) return null;
      this.pos++;
      const v = this.value(depth + 1);
      if (v === null) return null;
      obj.insert(new Str(k), v);
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c == 44) continue;
      if (c == 125) return obj;
      return null;
    }
  }
}

/** Parses `len` UTF-8 bytes at `ptr`; null on a syntax error or trailing garbage. */
export function parseJSON(ptr: usize, len: i32): Value | null {
  const r = new JSONReader(ptr, ptr + <usize>len);
  const v = r.value(0);
  if (v === null) return null;
  r.skipSpace();
  return r.pos == r.end ? v : null;
}

export function parseJSONString(s: string): Value | null {
  const buf = String.UTF8.encode(s);
  return parseJSON(changetype<usize>(buf), buf.byteLength);
}

const HEX = '0123456789abcdef';

// Four UTF-16 units in a u64, one per 16-bit lane (the SWAR tests of "Bit Twiddling Hacks", valid for lanes below 0x80).
const LANES: u64 = 0x0001000100010001;
const LANE_SIGNS: u64 = 0x8000800080008000;

/** Some lane is zero. */
// @ts-ignore: decorator
@inline function someLaneZero(x: u64): bool {
  return ((x - LANES) & ~x & LANE_SIGNS) != 0;
}

/** All four units are printable ASCII that JSON writes as they are (not a control character, `"` or `\`). */
// @ts-ignore: decorator
@inline function plainAscii(units: u64): bool {
  if ((units & 0xff80ff80ff80ff80) != 0) return false;
  return ((units - LANES * 0x20) & ~units & LANE_SIGNS) == 0 && !someLaneZero(units ^ (LANES * 0x22)) && !someLaneZero(units ^ (LANES * 0x5c));
}

/** The four ASCII units as four bytes, in order. */
// @ts-ignore: decorator
@inline function narrowAscii(units: u64): u32 {
  return <u32>((units & 0x7f) | ((units >> 8) & 0x7f00) | ((units >> 16) & 0x7f0000) | ((units >> 24) & 0x7f000000));
}

/** Growable UTF-8 byte buffer in linear memory: dumps write bytes straight into the memory the SDK reads. */
class Utf8Writer {
  buf: usize;
  len: usize = 0;
  cap: usize;
  constructor(cap: usize = 256) {
    this.cap = cap;
    this.buf = __alloc(cap);
  }

  private reserve(n: usize): void {
    if (this.len + n <= this.cap) return;
    let cap = this.cap << 1;
    while (cap < this.len + n) cap <<= 1;
    const next = __alloc(cap);
    memory.copy(next, this.buf, this.len);
    this.buf = next;
    this.cap = cap;
  }

  byte(b: i32): void {
    this.reserve(1);
    this.put(b);
  }

  /** A byte into space reserved before. */
  // @ts-ignore: decorator
  @inline private put(b: i32): void {
    store<u8>(this.buf + this.len, <u8>b);
    this.len++;
  }

  /** ASCII text: punctuation, keywords and number texts. */
  ascii(s: string): void {
    const n = <usize>s.length;
    this.reserve(n);
    const at = this.buf + this.len;
    for (let i: usize = 0; i < n; i++) store<u8>(at + i, <u8>load<u16>(changetype<usize>(s) + (i << 1)));
    this.len += n;
  }

  /** A JSON string literal; lone surrogates become U+FFFD, as a UTF-8 decoder would read them. */
  quoted(s: string): void {
    const n = s.length;
    // the most one UTF-16 unit becomes is 6 bytes (`\u001f`); a surrogate pair becomes 4
    this.reserve(<usize>n * 6 + 2);
    const base = changetype<usize>(s);
    // bytes are written through a local pointer: the field would be stored and reloaded after every byte
    let p = this.buf + this.len;
    store<u8>(p++, 34);
    let i = 0;
    while (i < n) {
      // four units at a time while they are printable ASCII other than `"` and `\`: copied as they are
      if (i + 4 <= n) {
        const units = load<u64>(base + (<usize>i << 1), 0, 2);
        if (plainAscii(units)) {
          store<u32>(p, narrowAscii(units), 0, 1);
          p += 4;
          i += 4;
          continue;
        }
      }
      const c = <i32>load<u16>(base + (<usize>i << 1));
      if (c < 0x80) {
        if (c >= 32 && c != 34 && c != 92) {
          store<u8>(p++, c);
        } else {
          store<u8>(p++, 92);
          if (c == 34 || c == 92) store<u8>(p++, c);
          else if (c == 10) store<u8>(p++, 110);
          else if (c == 13) store<u8>(p++, 114);
          else if (c == 9) store<u8>(p++, 116);
          else {
            store<u8>(p, 117);
            store<u8>(p + 1, 48);
            store<u8>(p + 2, 48);
            store<u8>(p + 3, HEX.charCodeAt(c >> 4));
            store<u8>(p + 4, HEX.charCodeAt(c & 15));
            p += 5;
          }
        }
      } else if (c < 0x800) {
        store<u8>(p, 0xc0 | (c >> 6));
        store<u8>(p + 1, 0x80 | (c & 63));
        p += 2;
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && (<i32>load<u16>(base + (<usize>(i + 1) << 1)) & 0xfc00) == 0xdc00) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (<i32>load<u16>(base + (<usize>(i + 1) << 1)) - 0xdc00);
        i++;
        store<u8>(p, 0xf0 | (cp >> 18));
        store<u8>(p + 1, 0x80 | ((cp >> 12) & 63));
        store<u8>(p + 2, 0x80 | ((cp >> 6) & 63));
        store<u8>(p + 3, 0x80 | (cp & 63));
        p += 4;
      } else {
        const cp = c >= 0xd800 && c < 0xe000 ? 0xfffd : c;
        store<u8>(p, 0xe0 | (cp >> 12));
        store<u8>(p + 1, 0x80 | ((cp >> 6) & 63));
        store<u8>(p + 2, 0x80 | (cp & 63));
        p += 3;
      }
      i++;
    }
    store<u8>(p++, 34);
    this.len = p - this.buf;
  }

  /** Bytes written before, e.g. a constant's JSON form. */
  bytes(ptr: usize, len: usize): void {
    this.reserve(len);
    memory.copy(this.buf + this.len, ptr, len);
    this.len += len;
  }

  /** NUL-terminated: what the SDK reads back. */
  cString(): usize {
    this.byte(0);
    return this.buf;
  }

  toString(): string {
    return String.UTF8.decodeUnsafe(this.buf, this.len);
  }
}

export function numberText(n: Num): string {
  if (n.isInt) return n.i.toString();
  const t = n.text;
  if (t !== null) return t;
  const f = n.f;
  if (!isFinite(f)) return 'null';
  if (f == Math.floor(f) && Math.abs(f) < 1e21) {
    // integral doubles print without a fraction, like Go
    const s = f.toString();
    return s.endsWith('.0') ? s.substring(0, s.length - 2) : s;
  }
  return f.toString();
}

/** `rego`: Rego syntax (sets as `{…}` / `set()`), else JSON (sets as arrays). */
function writeValue(v: Value, out: Utf8Writer, rego: bool): void {
  switch (v.kind) {
    case T_NULL:
      out.ascii('null');
      return;
    case T_BOOLEAN:
      out.ascii(changetype<Bool>(v).b ? 'true' : 'false');
      return;
    case T_NUMBER:
      out.ascii(numberText(changetype<Num>(v)));
      return;
    case T_STRING: {
      const str = changetype<Str>(v);
      if (str.jsonLength > 0) out.bytes(str.json, str.jsonLength);
      else out.quoted(str.s);
      return;
    }
    case T_ARRAY: {
      const items = changetype<Arr>(v).items;
      out.byte(91);
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out.byte(44);
        writeValue(unchecked(items[i]), out, rego);
      }
      out.byte(93);
      return;
    }
    case T_OBJECT: {
      const o = changetype<Obj>(v);
      out.byte(123);
      for (let i = 0; i < o.keys.length; i++) {
        if (i > 0) out.byte(44);
        const k = unchecked(o.keys[i]);
        if (k.kind == T_STRING || rego) writeValue(k, out, rego);
        else out.quoted(toJSONString(k));
        out.byte(58);
        writeValue(unchecked(o.vals[i]), out, rego);
      }
      out.byte(125);
      return;
    }
    default: {
      const items = changetype<RSet>(v).items;
      if (rego && items.length == 0) {
        out.ascii('set()');
        return;
      }
      out.byte(rego ? 123 : 91);
      for (let i = 0; i < items.length; i++) {
        if (i > 0) out.byte(44);
        writeValue(unchecked(items[i]), out, rego);
      }
      out.byte(rego ? 125 : 93);
    }
  }
}

/**
 * Gives the strings of a plan constant (at any depth) their JSON form, kept with them: results are mostly the
 * policy's own texts (messages, hints, rule ids, keys), which dumps then copy instead of quoting them each time.
 * Only for values made when the plan is loaded: what an evaluation allocates is reset after it.
 */
export function keepJsonOfStrings(v: Value): void {
  switch (v.kind) {
    case T_STRING: {
      const str = changetype<Str>(v);
      if (str.jsonLength > 0) return;
      // room for the longest JSON form (see quoted()), then shrunk in place: the buffer is the last allocation
      const out = new Utf8Writer(<usize>str.s.length * 6 + 2);
      out.quoted(str.s);
      str.json = __realloc(out.buf, out.len);
      str.jsonLength = <i32>out.len;
      return;
    }
    case T_ARRAY: {
      const items = changetype<Arr>(v).items;
      for (let i = 0; i < items.length; i++) keepJsonOfStrings(unchecked(items[i]));
      return;
    }
    case T_OBJECT: {
      const o = changetype<Obj>(v);
      for (let i = 0; i < o.keys.length; i++) {
        keepJsonOfStrings(unchecked(o.keys[i]));
        keepJsonOfStrings(unchecked(o.vals[i]));
      }
      return;
    }
    case T_SET: {
      const items = changetype<RSet>(v).items;
      for (let i = 0; i < items.length; i++) keepJsonOfStrings(unchecked(items[i]));
    }
  }
}

export function toJSONString(v: Value): string {
  const out = new Utf8Writer();
  writeValue(v, out, false);
  return out.toString();
}

/** NUL-terminated UTF-8 copy of a string in fresh heap memory (what the SDK reads back). */
export function toCString(s: string): usize {
  const buf = String.UTF8.encode(s, true);
  return changetype<usize>(buf);
}

export function dumpJSON(v: Value): usize {
  const out = new Utf8Writer();
  writeValue(v, out, false);
  return out.cString();
}

export function dumpRego(v: Value): usize {
  const out = new Utf8Writer();
  writeValue(v, out, true);
  return out.cString();
}
