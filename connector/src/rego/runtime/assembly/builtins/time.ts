// Time built-ins over nanoseconds since the epoch. A zone (`[ns, "America/New_York"]`) is resolved by the
// host's zone database through the `sphere.zone_offset` host built-in, which the planner declares for every
// time built-in that takes one; UTC needs no host. Instants that do not fit in int64 nanoseconds (before
// 1677-09-21 or after 2262-04-11) are undefined: OPA reports an error there.
import { Value, Arr, Str, Num, T_ARRAY, T_STRING, intValue } from '../value';
import { Fields, Parsed, LONG_DAYS, formatLayout, namedLayout, parseLayout } from './layout';
import { hostBuiltinId } from '../eval';
import { callHost } from '../host';

const NS_PER_SECOND: i64 = 1000000000;

/** days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm) */
export function daysFromCivil(y0: i64, m: i64, d: i64): i64 {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = (y >= 0 ? y : y - 399) / 400;
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = (153 * mp + 2) / 5 + d - 1;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

class Civil {
  constructor(public y: i64, public m: i64, public d: i64) {}
}

export function civilFromDays(z0: i64): Civil {
  const z = z0 + 719468;
  const era = (z >= 0 ? z : z - 146096) / 146097;
  const doe = z - era * 146097;
  const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const mp = (5 * doy + 2) / 153;
  const d = doy - (153 * mp + 2) / 5 + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return new Civil(m <= 2 ? y + 1 : y, m, d);
}

function floorDiv(a: i64, b: i64): i64 {
  const q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// What the last nanos() call read besides the instant: whether the argument was one at all (every int64 is an
// instant, so no return value can say it), its zone and its `[ns, tz, layout]` layout, else time.format's default.
let argValid = false;
let argZone = 'UTC';
let argLayout = 'RFC3339Nano';

/** ns from a number, `[ns]`, `[ns, tz]` or `[ns, tz, layout]`; sets argValid, argZone and argLayout */
function nanos(v: Value): i64 {
  argLayout = 'RFC3339Nano';
  argZone = 'UTC';
  argValid = false;
  let n = v;
  if (v.kind == T_ARRAY) {
    const items = changetype<Arr>(v).items;
    if (items.length == 0) return 0;
    if (items.length > 1) {
      if (items[1].kind != T_STRING) return 0;
      const zone = changetype<Str>(items[1]).s;
      if (zone != '') argZone = zone;
    }
    if (items.length > 2) {
      if (items[2].kind != T_STRING) return 0;
      argLayout = changetype<Str>(items[2]).s;
    }
    n = items[0];
  }
  if (!(n instanceof Num)) return 0;
  const num = changetype<Num>(n);
  argValid = num.isInt || wholeInt64(num.f);
  return num.isInt ? num.i : <i64>num.f;
}

/** Within int64 (a conversion beyond it would saturate to a wrong instant) and a whole number of nanoseconds. */
function wholeInt64(f: f64): bool {
  return f > -9223372036854775808.0 && f < 9223372036854775808.0 && Math.trunc(f) == f;
}

const UNKNOWN_ZONE = i32.MIN_VALUE;

/** Seconds east of UTC in `zone` at `unixSeconds`, from the host's zone database; UNKNOWN_ZONE if it has no such zone. */
function zoneOffset(zone: string, unixSeconds: i64): i32 {
  if (zone == 'UTC') return 0;
  const id = hostBuiltinId('sphere.zone_offset');
  if (id < 0) return UNKNOWN_ZONE;
  const r = callHost(id, [<Value>new Str(zone), intValue(unixSeconds)]);
  if (r === null || !(r instanceof Num) || !changetype<Num>(r).isInt) return UNKNOWN_ZONE;
  return <i32>changetype<Num>(r).i;
}

/** The instant of a wall-clock time in `zone`, resolving gaps and overlaps with the offset Go's time.Date picks. */
function zonedSeconds(localSeconds: i64, zone: string): i64 {
  const guess = zoneOffset(zone, localSeconds);
  return localSeconds - zoneOffset(zone, localSeconds - guess);
}

/** seconds * 1e9 + frac, or null when it does not fit in int64 nanoseconds */
function toNanos(s0: i64, f0: i64): Value | null {
  let seconds = s0;
  let frac = f0;
  // before the epoch, borrow the fraction from the next second so that the seconds part stays in range
  if (seconds < 0 && frac > 0) {
    seconds += 1;
    frac -= NS_PER_SECOND;
  }
  const maxSeconds: i64 = i64.MAX_VALUE / NS_PER_SECOND; // 9223372036
  if (seconds > maxSeconds || seconds < -maxSeconds) return null;
  const base = seconds * NS_PER_SECOND;
  if (frac > 0 && base > i64.MAX_VALUE - frac) return null;
  if (frac < 0 && base < i64.MIN_VALUE - frac) return null;
  return intValue(base + frac);
}

function digits(s: string, at: i32, n: i32): i32 {
  if (at + n > s.length) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(at + i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

export function parseRFC3339(a: Value): Value | null {
  if (a.kind != T_STRING) return null;
  const s = changetype<Str>(a).s;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const se = digits(s, 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return null;
  if (s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't' && s.charAt(10) != ' ') || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
  let i = 19;
  let frac: i64 = 0;
  if (i < s.length && s.charAt(i) == '.') {
    i++;
    let scale: i64 = 100000000;
    const start = i;
    while (i < s.length) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      frac += <i64>c * scale;
      scale /= 10;
      i++;
    }
    if (i == start) return null;
  }
  let offset: i64 = 0;
  if (i < s.length && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
    i++;
  } else if (i < s.length && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
    const oh = digits(s, i + 1, 2);
    const om = digits(s, i + 4, 2);
    if (oh < 0 || om < 0 || s.charAt(i + 3) != ':') return null;
    offset = (<i64>oh * 3600 + <i64>om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    i += 6;
  } else {
    return null;
  }
  if (i != s.length) return null;
  const days = daysFromCivil(y, mo, d);
  const seconds = days * 86400 + <i64>h * 3600 + <i64>mi * 60 + <i64>se - offset;
  return toNanos(seconds, frac);
}

export function date(a: Value): Value | null {
  const f = argFields(a);
  if (f === null) return null;
  return new Arr([<Value>intValue(f.year), intValue(f.month), intValue(f.day)]);
}

export function clock(a: Value): Value | null {
  const f = argFields(a);
  if (f === null) return null;
  return new Arr([<Value>intValue(f.hour), intValue(f.minute), intValue(f.second)]);
}

export function weekday(a: Value): Value | null {
  const f = argFields(a);
  if (f === null) return null;
  return new Str(LONG_DAYS[f.weekday]);
}

function intArg(v: Value): i64 {
  if (!(v instanceof Num) || !changetype<Num>(v).isInt) return i64.MIN_VALUE;
  return changetype<Num>(v).i;
}

/** Adds years, months, days like Go's time.AddDate: on the wall clock of the argument's zone (out-of-range days normalise into the next month). */
export function addDate(a: Value, y: Value, m: Value, d: Value): Value | null {
  const f = argFields(a);
  if (f === null) return null;
  const zone = argZone;
  const dy = intArg(y);
  const dm = intArg(m);
  const dd = intArg(d);
  if (dy == i64.MIN_VALUE || dm == i64.MIN_VALUE || dd == i64.MIN_VALUE) return null;
  if (dy < -1000000 || dy > 1000000 || dm < -12000000 || dm > 12000000) return null;
  let month = <i64>f.month - 1 + dm;
  let year = f.year + dy + floorDiv(month, 12);
  month = month - floorDiv(month, 12) * 12 + 1;
  // years and days far out of range would overflow the day arithmetic itself
  if (year < -1000000 || year > 1000000 || dd < -1000000000 || dd > 1000000000) return null;
  const days = daysFromCivil(year, month, 1) + f.day - 1 + dd;
  const local = days * 86400 + <i64>f.hour * 3600 + <i64>f.minute * 60 + f.second;
  return toNanos(zonedSeconds(local, zone), f.nanos);
}

function daysIn(y: i64, m: i64): i64 {
  const next = m == 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
  return next - daysFromCivil(y, m, 1);
}

/** [years, months, days, hours, minutes, seconds] between two instants (order-insensitive), like OPA. */
export function diff(a: Value, b: Value): Value | null {
  let x = nanos(a);
  if (!argValid) return null;
  const zone = argZone;
  let y = nanos(b);
  // the second instant is read in the first one's zone, as in OPA; its own zone must still exist
  if (!argValid || zoneOffset(argZone, floorDiv(y, NS_PER_SECOND)) == UNKNOWN_ZONE) return null;
  if (x > y) {
    const t = x;
    x = y;
    y = t;
  }
  const cx = zonedFields(x, zone);
  const cy = zonedFields(y, zone);
  if (cx === null || cy === null) return null;
  let years = cy.year - cx.year;
  let months = cy.month - cx.month;
  let days = cy.day - cx.day;
  let hours = cy.hour - cx.hour;
  let minutes = cy.minute - cx.minute;
  let seconds = cy.second - cx.second;
  if (seconds < 0) { seconds += 60; minutes--; }
  if (minutes < 0) { minutes += 60; hours--; }
  if (hours < 0) { hours += 24; days--; }
  // borrows the length of the earlier instant's month, as OPA does (2004-02-29 → 2005-03-01 is 1y 0m 1d)
  if (days < 0) {
    days += <i32>daysIn(cx.year, cx.month);
    months--;
  }
  if (months < 0) { months += 12; years--; }
  return new Arr([<Value>intValue(years), intValue(months), intValue(days), intValue(hours), intValue(minutes), intValue(seconds)]);
}

/** The civil fields of `ns` in `zone`; null if the host knows no such zone. */
function zonedFields(ns: i64, zone: string): Fields | null {
  // seconds and the fraction apart: nanoseconds near the int64 bounds plus an offset would overflow
  const seconds = floorDiv(ns, NS_PER_SECOND);
  const offset = zoneOffset(zone, seconds);
  if (offset == UNKNOWN_ZONE) return null;
  const local = seconds + offset;
  const days = floorDiv(local, 86400);
  const inDay = <i32>(local - days * 86400);
  const c = civilFromDays(days);
  const f = new Fields();
  f.year = c.y;
  f.month = <i32>c.m;
  f.day = <i32>c.d;
  f.yday = <i32>(days - daysFromCivil(c.y, 1, 1)) + 1;
  f.weekday = <i32>(((days % 7) + 11) % 7); // 1970-01-01 was a Thursday
  f.hour = inDay / 3600;
  f.minute = (inDay / 60) % 60;
  f.second = inDay % 60;
  f.nanos = <i32>(ns - seconds * NS_PER_SECOND);
  f.offset = offset;
  // other zones' abbreviations are not known here: `MST` in a layout prints their numeric offset
  f.zone = zone == 'UTC' ? 'UTC' : '';
  return f;
}

/** The civil fields of a time argument in its zone; null when it is no time argument or names no known zone. */
function argFields(a: Value): Fields | null {
  const ns = nanos(a);
  return argValid ? zonedFields(ns, argZone) : null;
}

/** time.format: `ns`, `[ns, tz]` or `[ns, tz, layout]` as text in a Go layout (RFC 3339 with nanoseconds by default). */
export function format(a: Value): Value | null {
  const f = argFields(a);
  if (f === null) return null;
  return new Str(formatLayout(namedLayout(argLayout), f));
}

/** time.parse_ns: nanoseconds of `value` read with a Go layout; undefined when it does not match or is out of range. */
export function parseNs(layout: Value, value: Value): Value | null {
  if (layout.kind != T_STRING || value.kind != T_STRING) return null;
  const p = parseLayout(namedLayout(changetype<Str>(layout).s), changetype<Str>(value).s);
  if (p === null || !resolveDate(p)) return null;
  const days = daysFromCivil(p.year, p.month, p.day);
  const seconds = days * 86400 + <i64>p.hour * 3600 + <i64>p.minute * 60 + <i64>p.second - <i64>p.offset;
  return toNanos(seconds, p.nanos);
}

/** Month and day from what the layout gave (a day of the year, or January 1st for what it left out), checked like Go's Parse. */
function resolveDate(p: Parsed): bool {
  if (p.yday >= 0) {
    const yearLength = daysFromCivil(p.year + 1, 1, 1) - daysFromCivil(p.year, 1, 1);
    if (p.yday < 1 || p.yday > yearLength) return false;
    const c = civilFromDays(daysFromCivil(p.year, 1, 1) + p.yday - 1);
    if ((p.month >= 0 && p.month != c.m) || (p.day >= 0 && p.day != c.d)) return false;
    p.month = <i32>c.m;
    p.day = <i32>c.d;
    return true;
  }
  if (p.month < 0) p.month = 1;
  if (p.day < 0) p.day = 1;
  return p.month >= 1 && p.month <= 12 && p.day >= 1 && p.day <= daysIn(p.year, p.month);
}

/** Nanoseconds per Go duration unit, or 0 for an unknown unit. */
function durationUnit(u: string): i64 {
  if (u == 'ns') return 1;
  if (u == 'us' || u == 'µs' || u == 'μs') return 1000;
  if (u == 'ms') return 1000000;
  if (u == 's') return NS_PER_SECOND;
  if (u == 'm') return 60 * NS_PER_SECOND;
  if (u == 'h') return 3600 * NS_PER_SECOND;
  return 0;
}

/** Go's time.ParseDuration ("1h30m", "-1.5s", "300ms") in nanoseconds; undefined on bad syntax or int64 overflow. */
export function parseDuration(a: Value): Value | null {
  if (a.kind != T_STRING) return null;
  const s = changetype<Str>(a).s;
  let i = 0;
  let negative = false;
  if (i < s.length && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
    negative = s.charAt(i) == '-';
    i++;
  }
  if (s.substring(i) == '0') return intValue(0);
  if (i == s.length) return null;
  let total: i64 = 0;
  while (i < s.length) {
    let whole: i64 = 0;
    let frac: i64 = 0;
    let scale: i64 = 1;
    let digitsSeen = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (whole > (i64.MAX_VALUE - c) / 10) return null;
      whole = whole * 10 + c;
      digitsSeen++;
    }
    if (i < s.length && s.charAt(i) == '.') {
      i++;
      for (; i < s.length; i++) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        // digits beyond nanosecond precision of the largest unit cannot change the result
        if (scale < 1000000000000000000) {
          frac = frac * 10 + c;
          scale *= 10;
        }
        digitsSeen++;
      }
    }
    if (digitsSeen == 0) return null;
    const start = i;
    while (i < s.length && s.charAt(i) != '.' && (s.charCodeAt(i) < 48 || s.charCodeAt(i) > 57)) i++;
    const unit = durationUnit(s.substring(start, i));
    if (unit == 0) return null;
    if (whole > i64.MAX_VALUE / unit) return null;
    const part = whole * unit + <i64>(<f64>frac * (<f64>unit / <f64>scale));
    if (part < 0 || total > i64.MAX_VALUE - part) return null;
    total += part;
  }
  return intValue(negative ? -total : total);
}
