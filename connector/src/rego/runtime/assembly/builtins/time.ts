// Time built-ins over nanoseconds since the epoch, in UTC. A `[ns, "UTC"]` argument is accepted; other
// time zones are undefined here (no zone database inside the module). Instants that do not fit in
// int64 nanoseconds (before 1677-09-21 or after 2262-04-11) are undefined: OPA reports an error there.
import { Value, Arr, Str, Num, T_ARRAY, T_STRING, intValue } from '../value';

const NS_PER_SECOND: i64 = 1000000000;
const NS_PER_DAY: i64 = 86400 * NS_PER_SECOND;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

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

/** ns from a number or `[ns, "UTC"]`; null for anything else */
function nanos(v: Value): i64 {
  let n = v;
  if (v.kind == T_ARRAY) {
    const items = changetype<Arr>(v).items;
    if (items.length != 2 || items[1].kind != T_STRING) return i64.MIN_VALUE;
    const tz = changetype<Str>(items[1]).s;
    if (tz != 'UTC' && tz != '') return i64.MIN_VALUE;
    n = items[0];
  }
  if (!(n instanceof Num)) return i64.MIN_VALUE;
  const num = changetype<Num>(n);
  if (num.isInt) return num.i;
  // beyond int64 (the conversion would saturate to a wrong instant)
  if (!(num.f > -9223372036854775808.0 && num.f < 9223372036854775808.0)) return i64.MIN_VALUE;
  return <i64>num.f;
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
  const ns = nanos(a);
  if (ns == i64.MIN_VALUE) return null;
  const c = civilFromDays(floorDiv(ns, NS_PER_DAY));
  return new Arr([<Value>intValue(c.y), intValue(c.m), intValue(c.d)]);
}

export function clock(a: Value): Value | null {
  const ns = nanos(a);
  if (ns == i64.MIN_VALUE) return null;
  const inDay = ns - floorDiv(ns, NS_PER_DAY) * NS_PER_DAY;
  const secs = inDay / NS_PER_SECOND;
  return new Arr([<Value>intValue(secs / 3600), intValue((secs / 60) % 60), intValue(secs % 60)]);
}

export function weekday(a: Value): Value | null {
  const ns = nanos(a);
  if (ns == i64.MIN_VALUE) return null;
  const days = floorDiv(ns, NS_PER_DAY);
  const wd = <i32>(((days % 7) + 11) % 7); // 1970-01-01 was a Thursday
  return new Str(WEEKDAYS[wd]);
}

function intArg(v: Value): i64 {
  if (!(v instanceof Num) || !changetype<Num>(v).isInt) return i64.MIN_VALUE;
  return changetype<Num>(v).i;
}

/** Adds years, months, days like Go's time.AddDate (out-of-range days normalise into the next month). */
export function addDate(a: Value, y: Value, m: Value, d: Value): Value | null {
  const ns = nanos(a);
  const dy = intArg(y);
  const dm = intArg(m);
  const dd = intArg(d);
  if (ns == i64.MIN_VALUE || dy == i64.MIN_VALUE || dm == i64.MIN_VALUE || dd == i64.MIN_VALUE) return null;
  const days = floorDiv(ns, NS_PER_DAY);
  const inDay = ns - days * NS_PER_DAY;
  const c = civilFromDays(days);
  if (dy < -1000000 || dy > 1000000 || dm < -12000000 || dm > 12000000) return null;
  let month = c.m - 1 + dm;
  let year = c.y + dy + floorDiv(month, 12);
  month = month - floorDiv(month, 12) * 12 + 1;
  // years and days far out of range would overflow the day arithmetic itself
  if (year < -1000000 || year > 1000000 || dd < -1000000000 || dd > 1000000000) return null;
  const newDays = daysFromCivil(year, month, 1) + c.d - 1 + dd;
  return toNanos(newDays * 86400 + inDay / NS_PER_SECOND, inDay % NS_PER_SECOND);
}

function daysIn(y: i64, m: i64): i64 {
  const next = m == 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, m + 1, 1);
  return next - daysFromCivil(y, m, 1);
}

/** [years, months, days, hours, minutes, seconds] between two instants (order-insensitive), like OPA. */
export function diff(a: Value, b: Value): Value | null {
  let x = nanos(a);
  let y = nanos(b);
  if (x == i64.MIN_VALUE || y == i64.MIN_VALUE) return null;
  if (x > y) {
    const t = x;
    x = y;
    y = t;
  }
  const dx = floorDiv(x, NS_PER_DAY);
  const dy = floorDiv(y, NS_PER_DAY);
  const cx = civilFromDays(dx);
  const cy = civilFromDays(dy);
  const sx = (x - dx * NS_PER_DAY) / NS_PER_SECOND;
  const sy = (y - dy * NS_PER_DAY) / NS_PER_SECOND;
  let years = cy.y - cx.y;
  let months = cy.m - cx.m;
  let days = cy.d - cx.d;
  let hours = sy / 3600 - sx / 3600;
  let minutes = (sy / 60) % 60 - (sx / 60) % 60;
  let seconds = sy % 60 - sx % 60;
  if (seconds < 0) { seconds += 60; minutes--; }
  if (minutes < 0) { minutes += 60; hours--; }
  if (hours < 0) { hours += 24; days--; }
  if (days < 0) {
    const pm = cy.m == 1 ? 12 : cy.m - 1;
    const py = cy.m == 1 ? cy.y - 1 : cy.y;
    days += daysIn(py, pm);
    months--;
  }
  if (months < 0) { months += 12; years--; }
  return new Arr([<Value>intValue(years), intValue(months), intValue(days), intValue(hours), intValue(minutes), intValue(seconds)]);
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
