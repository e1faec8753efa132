// Go's reference-time layouts ("Mon Jan 2 15:04:05 MST 2006") for time.format and time.parse_ns: the
// same chunks, padding, fraction and zone rules as Go's time.Format and time.Parse, which OPA calls.
// Instants are split into civil fields here; time.ts turns them into int64 nanoseconds and back.

const STD_NONE = 0;
const STD_LONG_MONTH = 1; // January
const STD_MONTH = 2; // Jan
const STD_NUM_MONTH = 3; // 1
const STD_ZERO_MONTH = 4; // 01
const STD_LONG_WEEKDAY = 5; // Monday
const STD_WEEKDAY = 6; // Mon
const STD_DAY = 7; // 2
const STD_UNDER_DAY = 8; // _2
const STD_ZERO_DAY = 9; // 02
const STD_UNDER_YEAR_DAY = 10; // __2
const STD_ZERO_YEAR_DAY = 11; // 002
const STD_HOUR = 12; // 15
const STD_HOUR12 = 13; // 3
const STD_ZERO_HOUR12 = 14; // 03
const STD_MINUTE = 15; // 4
const STD_ZERO_MINUTE = 16; // 04
const STD_SECOND = 17; // 5
const STD_ZERO_SECOND = 18; // 05
const STD_LONG_YEAR = 19; // 2006
const STD_YEAR = 20; // 06
const STD_PM = 21; // PM
const STD_LOWER_PM = 22; // pm
const STD_TZ = 23; // MST
const STD_FRAC0 = 24; // .000: exactly that many digits
const STD_FRAC9 = 25; // .999: trailing zeros dropped
// numeric zones; the ISO 8601 forms (`Z07:00`) print `Z` for UTC and parse it
const STD_NUM_TZ = 30; // -0700
const STD_NUM_SHORT_TZ = 31; // -07
const STD_NUM_COLON_TZ = 32; // -07:00
const STD_NUM_SECONDS_TZ = 33; // -070000
const STD_NUM_COLON_SECONDS_TZ = 34; // -07:00:00
const ISO8601 = 10; // STD_NUM_* + ISO8601: the `Z` forms

// `01` … `06`
const ZERO_CHUNKS = [STD_ZERO_MONTH, STD_ZERO_DAY, STD_ZERO_HOUR12, STD_ZERO_MINUTE, STD_ZERO_SECOND, STD_YEAR];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The civil fields of an instant in a zone (month 1–12, weekday 0 = Sunday, yday 1–366, offset in seconds east of UTC). */
export class Fields {
  year: i64 = 0;
  month: i32 = 1;
  day: i32 = 1;
  yday: i32 = 1;
  weekday: i32 = 0;
  hour: i32 = 0;
  minute: i32 = 0;
  second: i32 = 0;
  nanos: i32 = 0;
  offset: i32 = 0;
  zone: string = '';
}

/** One layout chunk: the literal text before it ends at `start`, the chunk itself at `end`. */
class Chunk {
  start: i32 = 0;
  end: i32 = 0;
  std: i32 = STD_NONE;
  fracDigits: i32 = 0;
}

/** OPA's names for Go's layout constants. */
export function namedLayout(layout: string): string {
  if (layout == 'ANSIC') return 'Mon Jan _2 15:04:05 2006';
  if (layout == 'UnixDate') return 'Mon Jan _2 15:04:05 MST 2006';
  if (layout == 'RubyDate') return 'Mon Jan 02 15:04:05 -0700 2006';
  if (layout == 'RFC822') return '02 Jan 06 15:04 MST';
  if (layout == 'RFC822Z') return '02 Jan 06 15:04 -0700';
  if (layout == 'RFC850') return 'Monday, 02-Jan-06 15:04:05 MST';
  if (layout == 'RFC1123') return 'Mon, 02 Jan 2006 15:04:05 MST';
  if (layout == 'RFC1123Z') return 'Mon, 02 Jan 2006 15:04:05 -0700';
  if (layout == 'RFC3339') return '2006-01-02T15:04:05Z07:00';
  if (layout == 'RFC3339Nano') return '2006-01-02T15:04:05.999999999Z07:00';
  return layout;
}

function isDigitAt(s: string, i: i32): bool {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}

function startsWithLower(s: string, i: i32): bool {
  if (i >= s.length) return false;
  const c = s.charCodeAt(i);
  return c >= 97 && c <= 122;
}

function found(chunk: Chunk, start: i32, length: i32, std: i32): bool {
  chunk.start = start;
  chunk.end = start + length;
  chunk.std = std;
  return true;
}

/** Numeric zone chunk at `i` (`-07…` or `Z07…`), longest form first as in Go. */
function zoneChunk(layout: string, i: i32, chunk: Chunk): bool {
  const iso = layout.charAt(i) == 'Z' ? ISO8601 : 0;
  const rest = layout.substring(i + 1);
  if (rest.startsWith('070000')) return found(chunk, i, 7, STD_NUM_SECONDS_TZ + iso);
  if (rest.startsWith('07:00:00')) return found(chunk, i, 9, STD_NUM_COLON_SECONDS_TZ + iso);
  if (rest.startsWith('0700')) return found(chunk, i, 5, STD_NUM_TZ + iso);
  if (rest.startsWith('07:00')) return found(chunk, i, 6, STD_NUM_COLON_TZ + iso);
  if (rest.startsWith('07')) return found(chunk, i, 3, STD_NUM_SHORT_TZ + iso);
  return false;
}

/** `.000`/`.999` (or with a comma) not followed by another digit. */
function fractionChunk(layout: string, i: i32, chunk: Chunk): bool {
  if (i + 1 >= layout.length) return false;
  const digit = layout.charAt(i + 1);
  if (digit != '0' && digit != '9') return false;
  let j = i + 1;
  while (j < layout.length && layout.charAt(j) == digit) j++;
  if (isDigitAt(layout, j)) return false;
  chunk.fracDigits = j - i - 1;
  return found(chunk, i, j - i, digit == '0' ? STD_FRAC0 : STD_FRAC9);
}

/** The chunk at `i`, if one starts there (Go's nextStdChunk, one position at a time). */
function chunkAt(layout: string, i: i32, chunk: Chunk): bool {
  const c = layout.charAt(i);
  const rest = layout.substring(i);
  if (c == 'J' && rest.startsWith('Jan')) {
    if (rest.startsWith('January')) return found(chunk, i, 7, STD_LONG_MONTH);
    if (!startsWithLower(layout, i + 3)) return found(chunk, i, 3, STD_MONTH);
  } else if (c == 'M') {
    if (rest.startsWith('Monday')) return found(chunk, i, 6, STD_LONG_WEEKDAY);
    if (rest.startsWith('Mon') && !startsWithLower(layout, i + 3)) return found(chunk, i, 3, STD_WEEKDAY);
    if (rest.startsWith('MST')) return found(chunk, i, 3, STD_TZ);
  } else if (c == '0') {
    const next = i + 1 < layout.length ? layout.charCodeAt(i + 1) : 0;
    if (next >= 49 && next <= 54) return found(chunk, i, 2, ZERO_CHUNKS[next - 49]);
    if (rest.startsWith('002')) return found(chunk, i, 3, STD_ZERO_YEAR_DAY);
  } else if (c == '1') {
    if (rest.startsWith('15')) return found(chunk, i, 2, STD_HOUR);
    return found(chunk, i, 1, STD_NUM_MONTH);
  } else if (c == '2') {
    if (rest.startsWith('2006')) return found(chunk, i, 4, STD_LONG_YEAR);
    return found(chunk, i, 1, STD_DAY);
  } else if (c == '_') {
    // `_2006` is a literal `_` before the year
    if (rest.startsWith('_2') && !rest.startsWith('_2006')) return found(chunk, i, 2, STD_UNDER_DAY);
    if (rest.startsWith('__2')) return found(chunk, i, 3, STD_UNDER_YEAR_DAY);
  } else if (c == '3') {
    return found(chunk, i, 1, STD_HOUR12);
  } else if (c == '4') {
    return found(chunk, i, 1, STD_MINUTE);
  } else if (c == '5') {
    return found(chunk, i, 1, STD_SECOND);
  } else if (c == 'P' && rest.startsWith('PM')) {
    return found(chunk, i, 2, STD_PM);
  } else if (c == 'p' && rest.startsWith('pm')) {
    return found(chunk, i, 2, STD_LOWER_PM);
  } else if (c == '-' || c == 'Z') {
    return zoneChunk(layout, i, chunk);
  } else if (c == '.' || c == ',') {
    return fractionChunk(layout, i, chunk);
  }
  return false;
}

/** The next chunk at or after `from`; `std` is STD_NONE (and `start` the layout's end) when none is left. */
function nextChunk(layout: string, from: i32): Chunk {
  const chunk = new Chunk();
  for (let i = from; i < layout.length; i++) {
    if (chunkAt(layout, i, chunk)) return chunk;
  }
  chunk.start = layout.length;
  chunk.end = layout.length;
  return chunk;
}

function isIsoZoneStd(std: i32): bool {
  return std >= STD_NUM_TZ + ISO8601;
}

// ---- formatting ----

/** `v` in decimal, zero-padded to `width` digits (a sign goes before the zeros, as in Go's appendInt). */
function padded(v: i64, width: i32): string {
  const digits = (v < 0 ? -v : v).toString();
  const zeros = digits.length < width ? '0'.repeat(width - digits.length) : '';
  return (v < 0 ? '-' : '') + zeros + digits;
}

function spacePadded(v: i32, width: i32): string {
  const digits = v.toString();
  return digits.length < width ? ' '.repeat(width - digits.length) + digits : digits;
}

/** `+hh`, `+hhmm`, `+hh:mm`, `+hhmmss` or `+hh:mm:ss`, or `Z` for UTC in the ISO 8601 forms. */
function formatZone(std: i32, offset: i32): string {
  if (offset == 0 && isIsoZoneStd(std)) return 'Z';
  const num = isIsoZoneStd(std) ? std - ISO8601 : std;
  const abs = offset < 0 ? -offset : offset;
  const colon = num == STD_NUM_COLON_TZ || num == STD_NUM_COLON_SECONDS_TZ ? ':' : '';
  let out = (offset < 0 ? '-' : '+') + padded(abs / 3600, 2);
  if (num != STD_NUM_SHORT_TZ) out += colon + padded((abs / 60) % 60, 2);
  if (num == STD_NUM_SECONDS_TZ || num == STD_NUM_COLON_SECONDS_TZ) out += colon + padded(abs % 60, 2);
  return out;
}

/** `.123` for `.000` (all digits) or `.999` (trailing zeros and a bare separator dropped). */
function formatFraction(std: i32, digits: i32, separator: string, nanos: i32): string {
  const trim = std == STD_FRAC9;
  if (trim && (digits == 0 || nanos == 0)) return '';
  let frac = padded(nanos, 9).substring(0, digits);
  if (trim) {
    let end = frac.length;
    while (end > 0 && frac.charAt(end - 1) == '0') end--;
    frac = frac.substring(0, end);
    if (frac.length == 0) return '';
  }
  return separator + frac;
}

function hour12(hour: i32): i32 {
  const h = hour % 12;
  return h == 0 ? 12 : h;
}

function formatChunk(layout: string, chunk: Chunk, f: Fields): string {
  const std = chunk.std;
  if (std == STD_LONG_MONTH) return LONG_MONTHS[f.month - 1];
  if (std == STD_MONTH) return LONG_MONTHS[f.month - 1].substring(0, 3);
  if (std == STD_NUM_MONTH) return f.month.toString();
  if (std == STD_ZERO_MONTH) return padded(f.month, 2);
  if (std == STD_LONG_WEEKDAY) return LONG_DAYS[f.weekday];
  if (std == STD_WEEKDAY) return LONG_DAYS[f.weekday].substring(0, 3);
  if (std == STD_DAY) return f.day.toString();
  if (std == STD_UNDER_DAY) return spacePadded(f.day, 2);
  if (std == STD_ZERO_DAY) return padded(f.day, 2);
  if (std == STD_UNDER_YEAR_DAY) return spacePadded(f.yday, 3);
  if (std == STD_ZERO_YEAR_DAY) return padded(f.yday, 3);
  if (std == STD_HOUR) return padded(f.hour, 2);
  if (std == STD_HOUR12) return hour12(f.hour).toString();
  if (std == STD_ZERO_HOUR12) return padded(hour12(f.hour), 2);
  if (std == STD_MINUTE) return f.minute.toString();
  if (std == STD_ZERO_MINUTE) return padded(f.minute, 2);
  if (std == STD_SECOND) return f.second.toString();
  if (std == STD_ZERO_SECOND) return padded(f.second, 2);
  if (std == STD_LONG_YEAR) return padded(f.year, 4);
  if (std == STD_YEAR) return padded(f.year % 100, 2);
  if (std == STD_PM) return f.hour >= 12 ? 'PM' : 'AM';
  if (std == STD_LOWER_PM) return f.hour >= 12 ? 'pm' : 'am';
  // a zone without a name prints as -0700
  if (std == STD_TZ) return f.zone != '' ? f.zone : formatZone(STD_NUM_TZ, f.offset);
  if (std == STD_FRAC0 || std == STD_FRAC9) return formatFraction(std, chunk.fracDigits, layout.charAt(chunk.start), f.nanos);
  return formatZone(std, f.offset);
}

/** Go's Time.Format. */
export function formatLayout(layout: string, f: Fields): string {
  let out = '';
  let at = 0;
  while (at < layout.length) {
    const chunk = nextChunk(layout, at);
    out += layout.substring(at, chunk.start);
    if (chunk.std == STD_NONE) break;
    out += formatChunk(layout, chunk, f);
    at = chunk.end;
  }
  return out;
}

// ---- parsing ----

/** What Go's time.Parse read: civil fields in the zone `offset` seconds east of UTC (month, day, yday -1: absent). */
export class Parsed {
  year: i64 = 0;
  month: i32 = -1;
  day: i32 = -1;
  yday: i32 = -1;
  hour: i32 = 0;
  minute: i32 = 0;
  second: i32 = 0;
  nanos: i32 = 0;
  offset: i32 = 0;
  pm: i32 = -1; // -1 unset, 0 AM, 1 PM
}

/** Parser state over the value: `at` advances; `ok` falls on the first mismatch. */
class Reader {
  at: i32 = 0;
  ok: bool = true;
  constructor(public s: string) {}

  fail(): i32 {
    this.ok = false;
    return 0;
  }

  /** One or two digits (exactly two when `fixed`), like Go's getnum. */
  number(fixed: bool): i32 {
    if (!isDigitAt(this.s, this.at)) return this.fail();
    const first = this.s.charCodeAt(this.at) - 48;
    if (!isDigitAt(this.s, this.at + 1)) {
      if (fixed) return this.fail();
      this.at += 1;
      return first;
    }
    const v = first * 10 + this.s.charCodeAt(this.at + 1) - 48;
    this.at += 2;
    return v;
  }

  /** Exactly `n` digits. */
  fixedDigits(n: i32): i32 {
    let v = 0;
    for (let i = 0; i < n; i++) {
      if (!isDigitAt(this.s, this.at + i)) return this.fail();
      v = v * 10 + this.s.charCodeAt(this.at + i) - 48;
    }
    this.at += n;
    return v;
  }

  /** Index (from 0) of the name in `names` the value starts with, case-insensitively, using the first `length` letters (0: all). */
  lookup(names: Array<string>, length: i32): i32 {
    for (let i = 0; i < names.length; i++) {
      const name = length > 0 ? names[i].substring(0, length) : names[i];
      if (this.s.length - this.at >= name.length && this.s.substring(this.at, this.at + name.length).toLowerCase() == name.toLowerCase()) {
        this.at += name.length;
        return i;
      }
    }
    return this.fail();
  }

  /** `.123…` or `,123…` over `length` characters (separator included); digits past nanoseconds are ignored. */
  fraction(length: i32): i32 {
    const sep = this.s.charAt(this.at);
    if (length < 2 || this.at + length > this.s.length || (sep != '.' && sep != ',')) return this.fail();
    let nanos = 0;
    let scale = 100000000;
    for (let i = 1; i < length; i++) {
      if (!isDigitAt(this.s, this.at + i)) return this.fail();
      nanos += (this.s.charCodeAt(this.at + i) - 48) * scale;
      scale /= 10;
    }
    this.at += length;
    return nanos;
  }

  /** Digits run after a separator at the current position (0 if there is none). */
  fractionLength(): i32 {
    const sep = this.s.charAt(this.at);
    if ((sep != '.' && sep != ',') || !isDigitAt(this.s, this.at + 1)) return 0;
    let n = 1;
    while (isDigitAt(this.s, this.at + n)) n++;
    return n;
  }

  /** The layout's literal text: a space matches any run of spaces, as in Go's skip. */
  literal(text: string): void {
    let i = 0;
    while (i < text.length && this.ok) {
      if (text.charAt(i) == ' ') {
        if (this.at < this.s.length && this.s.charAt(this.at) != ' ') {
          this.fail();
          return;
        }
        while (i < text.length && text.charAt(i) == ' ') i++;
        while (this.at < this.s.length && this.s.charAt(this.at) == ' ') this.at++;
      } else if (this.at < this.s.length && this.s.charAt(this.at) == text.charAt(i)) {
        i++;
        this.at++;
      } else {
        this.fail();
      }
    }
  }
}

/** A numeric zone offset in seconds; the sign, hours, minutes and seconds fields depend on the form. */
function parseNumericZone(r: Reader, std: i32): i32 {
  const num = isIsoZoneStd(std) ? std - ISO8601 : std;
  const sign = r.s.charAt(r.at);
  if (sign != '+' && sign != '-') return r.fail();
  r.at++;
  const colon = num == STD_NUM_COLON_TZ || num == STD_NUM_COLON_SECONDS_TZ;
  const hours = r.fixedDigits(2);
  let minutes = 0;
  let seconds = 0;
  if (num != STD_NUM_SHORT_TZ) {
    if (colon) r.literal(':');
    minutes = r.fixedDigits(2);
  }
  if (num == STD_NUM_SECONDS_TZ || num == STD_NUM_COLON_SECONDS_TZ) {
    if (colon) r.literal(':');
    seconds = r.fixedDigits(2);
  }
  // Go accepts 24 hours, 60 minutes and 60 seconds in an offset
  if (hours > 24 || minutes > 60 || seconds > 60) return r.fail();
  const offset = (hours * 60 + minutes) * 60 + seconds;
  return sign == '-' ? -offset : offset;
}

/** Length of a zone abbreviation at `at` (Go's parseTimeZone: `MST`, `CEST`, `ChST`, `GMT+3`, `+07`), 0 if none. */
function zoneNameLength(s: string, at: i32): i32 {
  const rest = s.substring(at);
  if (rest.length < 3) return 0;
  if (rest.startsWith('ChST') || rest.startsWith('MeST')) return 4;
  if (rest.startsWith('GMT')) {
    gmtHours(rest.substring(3));
    return 3 + gmtLength;
  }
  // an unnamed zone written as its hours (`+07`); Go gives it no offset
  if (rest.charAt(0) == '+' || rest.charAt(0) == '-') {
    gmtHours(rest);
    return gmtLength;
  }
  let upper = 0;
  while (upper < 6 && upper < rest.length && rest.charCodeAt(upper) >= 65 && rest.charCodeAt(upper) <= 90) upper++;
  if (upper == 3) return 3;
  if (upper == 4 && (rest.charAt(3) == 'T' || rest.startsWith('WITA'))) return 4;
  if (upper == 5 && rest.charAt(4) == 'T') return 5;
  return 0;
}

/** Hours of a `+3`/`-11` suffix (at most 23), with its length in `gmtLength`; the length is 0 when there is none. */
function gmtHours(s: string): i32 {
  gmtLength = 0;
  if (s.length < 2 || (s.charAt(0) != '+' && s.charAt(0) != '-')) return 0;
  let n = 1;
  let hours = 0;
  while (isDigitAt(s, n)) hours = hours * 10 + s.charCodeAt(n++) - 48;
  if (n == 1 || hours > 23) return 0;
  gmtLength = n;
  return s.charAt(0) == '-' ? -hours : hours;
}

// gmtHours' second result
let gmtLength: i32 = 0;


/**
 * Reads a zone abbreviation and leaves the offset alone: Go's Parse sets the wall clock in UTC and only names the zone
 * (even `GMT+3` gets a made-up zone without moving the instant), unless a numeric offset was given too, which wins.
 */
function parseZoneName(r: Reader): void {
  if (r.s.substring(r.at).startsWith('UTC')) {
    r.at += 3;
    return;
  }
  const n = zoneNameLength(r.s, r.at);
  if (n == 0) {
    r.fail();
    return;
  }
  r.at += n;
}

function parseChunk(r: Reader, layout: string, chunk: Chunk, p: Parsed): void {
  const std = chunk.std;
  if (std == STD_YEAR) {
    const y = r.fixedDigits(2);
    p.year = y >= 69 ? 1900 + y : 2000 + y;
  } else if (std == STD_LONG_YEAR) p.year = r.fixedDigits(4);
  else if (std == STD_LONG_MONTH) p.month = r.lookup(LONG_MONTHS, 0) + 1;
  else if (std == STD_MONTH) p.month = r.lookup(LONG_MONTHS, 3) + 1;
  else if (std == STD_NUM_MONTH || std == STD_ZERO_MONTH) p.month = r.number(std == STD_ZERO_MONTH);
  else if (std == STD_LONG_WEEKDAY) r.lookup(LONG_DAYS, 0);
  else if (std == STD_WEEKDAY) r.lookup(LONG_DAYS, 3);
  else if (std == STD_DAY || std == STD_UNDER_DAY || std == STD_ZERO_DAY) {
    if (std == STD_UNDER_DAY && r.s.charAt(r.at) == ' ') r.at++;
    p.day = r.number(std == STD_ZERO_DAY);
  } else if (std == STD_UNDER_YEAR_DAY || std == STD_ZERO_YEAR_DAY) {
    for (let i = 0; i < 2 && std == STD_UNDER_YEAR_DAY && r.s.charAt(r.at) == ' '; i++) r.at++;
    p.yday = parseYearDay(r, std == STD_ZERO_YEAR_DAY);
  } else if (std == STD_HOUR) p.hour = r.number(false);
  else if (std == STD_HOUR12 || std == STD_ZERO_HOUR12) {
    p.hour = r.number(std == STD_ZERO_HOUR12);
    if (p.hour > 12) r.fail();
  }
  else if (std == STD_MINUTE || std == STD_ZERO_MINUTE) p.minute = r.number(std == STD_ZERO_MINUTE);
  else if (std == STD_SECOND || std == STD_ZERO_SECOND) {
    p.second = r.number(std == STD_ZERO_SECOND);
    // a fraction in the value but not in the layout is read with the seconds, as Go does
    const n = r.fractionLength();
    if (n > 0 && !nextIsFraction(layout, chunk.end)) p.nanos = r.fraction(n);
  } else if (std == STD_PM || std == STD_LOWER_PM) p.pm = parseMeridiem(r, std == STD_PM ? 'AM' : 'am', std == STD_PM ? 'PM' : 'pm');
  else if (std == STD_TZ) parseZoneName(r);
  else if (std == STD_FRAC0) p.nanos = r.fraction(chunk.fracDigits + 1);
  else if (std == STD_FRAC9) {
    const n = r.fractionLength();
    if (n > 0) p.nanos = r.fraction(n);
  } else if (isIsoZoneStd(std) && r.s.charAt(r.at) == 'Z') {
    r.at++;
    p.offset = 0;
  } else p.offset = parseNumericZone(r, std);
}

function nextIsFraction(layout: string, from: i32): bool {
  const std = nextChunk(layout, from).std;
  return std == STD_FRAC0 || std == STD_FRAC9;
}

/** Up to three digits (exactly three when `fixed`). */
function parseYearDay(r: Reader, fixed: bool): i32 {
  if (fixed) return r.fixedDigits(3);
  let v = 0;
  let n = 0;
  while (n < 3 && isDigitAt(r.s, r.at)) {
    v = v * 10 + r.s.charCodeAt(r.at++) - 48;
    n++;
  }
  return n == 0 ? r.fail() : v;
}

function parseMeridiem(r: Reader, am: string, pm: string): i32 {
  const text = r.s.substring(r.at, r.at + 2);
  r.at += 2;
  if (text == am) return 0;
  if (text == pm) return 1;
  return r.fail();
}

/** Go's time.Parse into civil fields; null on a mismatch, extra text or a field out of range. */
export function parseLayout(layout: string, value: string): Parsed | null {
  const r = new Reader(value);
  const p = new Parsed();
  let at = 0;
  while (r.ok && at <= layout.length) {
    const chunk = nextChunk(layout, at);
    r.literal(layout.substring(at, chunk.start));
    if (chunk.std == STD_NONE || !r.ok) break;
    parseChunk(r, layout, chunk, p);
    at = chunk.end;
  }
  if (!r.ok || r.at != value.length) return null;
  return validHours(p) ? p : null;
}

/** Applies AM/PM and checks the clock fields' ranges (the date's are checked with the month's length). */
function validHours(p: Parsed): bool {
  if (p.pm == 1 && p.hour < 12) p.hour += 12;
  else if (p.pm == 0 && p.hour == 12) p.hour = 0;
  return p.hour <= 23 && p.minute <= 59 && p.second <= 59;
}
