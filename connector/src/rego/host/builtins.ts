// Built-ins that run in the host rather than in the module. The SDK implements sprintf, regex.split,
// json.is_valid and yaml.*; these are the rest (passed to loadPolicy as customBuiltins). Regular expressions use
// re2js, a port of RE2: the syntax and semantics of Go's regexp that OPA uses (`(?i)` works, backreferences and
// lookarounds are invalid) and matching in linear time, so no pattern in a policy can make a decision hang on
// crafted CRM data the way a backtracking engine can.
import { RE2JS } from 're2js';

export type CustomBuiltins = Record<string, (...args: unknown[]) => unknown>;

// Patterns come from policies, so there are few; compiled ones are kept (null: invalid), up to a bound.
const compiled = new Map<string, RE2JS | null>();
const MAX_COMPILED = 1000;

function regex(pattern: unknown): RE2JS | undefined {
  if (typeof pattern !== 'string') return undefined;
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(pattern, re);
  }
  return re ?? undefined;
}

type Matcher = ReturnType<RE2JS['matcher']>;

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}` insert a group (an unknown one inserts nothing), `$$` a dollar. */
function expand(template: string, m: Matcher): string {
  return template.replace(/\$(?:\$|\{(\w+)\}|(\w+))?/g, (all: string, braced?: string, bare?: string) => {
    const name = braced ?? bare;
    if (name === undefined) return '$'; // `$$`, or a `$` that starts no name: Go writes it as it is
    try {
      if (!/^\d+$/.test(name)) return m.group(name) ?? '';
      return Number(name) <= m.groupCount() ? m.group(Number(name)) ?? '' : '';
    } catch {
      return ''; // no group of that name
    }
  });
}

/** Go's ReplaceAllString: every match replaced by the expanded template. */
function replaceAll(re: RE2JS, value: string, template: string): string {
  let out = '';
  let last = 0;
  for (const m = re.matcher(value); m.find();) {
    out += value.slice(last, m.start()) + expand(template, m);
    last = m.end();
  }
  return out + value.slice(last);
}

/**
 * The wall clock, read at most once per synchronous run: the SDK evaluates synchronously, so every `time.now_ns`
 * of one evaluation sees the same instant, as in OPA (evaluations started in the same run share it).
 */
function clockPerRun(): () => bigint {
  let reading: bigint | undefined;
  return () => {
    if (reading === undefined) {
      reading = BigInt(Date.now()) * 1_000_000n;
      queueMicrotask(() => {
        reading = undefined;
      });
    }
    return reading;
  };
}

const DURATION_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
const DURATION_PART = '(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)';
const DURATION = new RegExp(`^[-+]?(?:${DURATION_PART})+$`);

/** Milliseconds of a Go duration ("10ms", "1m30s"); undefined on bad syntax. Sleeping needs no nanosecond precision. */
function durationMs(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (text === '0') return 0;
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(new RegExp(DURATION_PART, 'g'))) ms += Number(amount) * (DURATION_UNIT_MS[unit as string] ?? 0);
  return text.startsWith('-') ? -ms : ms;
}

/** Blocks the evaluating thread, as OPA's test.sleep does (evaluation is synchronous; there is nothing to yield to). */
function sleep(duration: unknown): null | undefined {
  const ms = durationMs(duration);
  if (ms === undefined) return undefined;
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return null;
}

// Zones come from policies, so there are few; formatters are kept (null: no such zone), up to a bound.
const zoneFormats = new Map<string, Intl.DateTimeFormat | null>();
const MAX_ZONES = 1000;
const MAX_DATE_SECONDS = 8.64e12;

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  let format = zoneFormats.get(zone);
  if (format === undefined) {
    const fields = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' } as const;
    try {
      // OPA's "Local" is the zone of the machine it runs on
      format = new Intl.DateTimeFormat('en-US', { ...fields, hourCycle: 'h23', timeZone: zone === 'Local' ? undefined : zone });
      // ICU takes "europe/berlin"; Go's zone files are named exactly
      const resolved = format.resolvedOptions().timeZone;
      if (zone !== 'Local' && resolved !== zone && resolved.toLowerCase() === zone.toLowerCase()) format = null;
    } catch {
      format = null;
    }
    if (zoneFormats.size >= MAX_ZONES) zoneFormats.clear();
    zoneFormats.set(zone, format);
  }
  return format;
}

/**
 * Seconds east of UTC in an IANA zone at a Unix time, from Node's ICU zone data: the wall clock there minus UTC.
 * Both fit a JS number exactly, which nanoseconds would not; the module does the rest in int64.
 */
function zoneOffset(zone: unknown, unixSeconds: unknown): number | undefined {
  // beyond ±8.64e12 s a JS Date has no time to format (the module's int64 range reaches further)
  if (typeof zone !== 'string' || typeof unixSeconds !== 'number' || !(Math.abs(unixSeconds) <= MAX_DATE_SECONDS)) return undefined;
  const format = zoneFormat(zone);
  if (!format) return undefined;
  const part = Object.fromEntries(format.formatToParts(unixSeconds * 1000).map((p) => [p.type, Number(p.value)]));
  const wall = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day, part.hour, part.minute, part.second);
  return wall / 1000 - unixSeconds;
}

/** `now` is read once per evaluation by the caller's choice: the connector fixes it per decision; by default the wall clock, once per run. */
export function hostBuiltins(now: () => bigint | number = clockPerRun()): CustomBuiltins {
  const match = (pattern: unknown, value: unknown): boolean | undefined => {
    const re = regex(pattern);
    return re && typeof value === 'string' ? re.matcher(value).find() : undefined;
  };
  return {
    'time.now_ns': () => Number(now()),
    'sphere.zone_offset': zoneOffset,
    'regex.match': match,
    re_match: match,
    'regex.is_valid': (pattern: unknown) => regex(pattern) !== undefined,
    'regex.find_n': (pattern: unknown, value: unknown, n: unknown) => {
      const re = regex(pattern);
      if (!re || typeof value !== 'string' || typeof n !== 'number') return undefined;
      const all: string[] = [];
      for (const m = re.matcher(value); (n < 0 || all.length < n) && m.find();) all.push(m.group() ?? '');
      return all;
    },
    'regex.replace': (value: unknown, pattern: unknown, replacement: unknown) => {
      const re = regex(pattern);
      if (!re || typeof value !== 'string' || typeof replacement !== 'string') return undefined;
      return replaceAll(re, value, replacement);
    },
  };
}

/**
 * hostBuiltins plus test.sleep, for the conformance suite and the compiler's own tests only. Everything the connector
 * runs — decisions, and the Rego tests of a policy being published (in its main process) — goes without: a policy or
 * test that sleeps fails (policy error, failed test) instead of holding the thread that decides.
 */
export function testHostBuiltins(now?: () => bigint | number): CustomBuiltins {
  return { ...hostBuiltins(now), 'test.sleep': sleep };
}
