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

/** `now` is read once per evaluation by the caller's choice: the connector fixes it per decision. */
export function hostBuiltins(now: () => bigint | number = () => BigInt(Date.now()) * 1_000_000n): CustomBuiltins {
  const match = (pattern: unknown, value: unknown): boolean | undefined => {
    const re = regex(pattern);
    return re && typeof value === 'string' ? re.matcher(value).find() : undefined;
  };
  return {
    'time.now_ns': () => Number(now()),
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
