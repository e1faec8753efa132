// Built-ins that run in the host rather than in the module. The SDK implements sprintf, regex.split,
// json.is_valid and yaml.*; these are the rest (passed to loadPolicy as customBuiltins). Regular
// expressions use JavaScript's engine: RE2 syntax that JavaScript lacks (e.g. `(?i)` flags) is undefined.
export type CustomBuiltins = Record<string, (...args: unknown[]) => unknown>;

function regex(pattern: unknown): RegExp | undefined {
  if (typeof pattern !== 'string') return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

/** `now` is read once per evaluation by the caller's choice: the connector fixes it per decision. */
export function hostBuiltins(now: () => bigint | number = () => BigInt(Date.now()) * 1_000_000n): CustomBuiltins {
  const match = (pattern: unknown, value: unknown): boolean | undefined => {
    const re = regex(pattern);
    return re && typeof value === 'string' ? re.test(value) : undefined;
  };
  return {
    'time.now_ns': () => Number(now()),
    'regex.match': match,
    re_match: match,
    'regex.is_valid': (pattern: unknown) => regex(pattern) !== undefined,
    'regex.find_n': (pattern: unknown, value: unknown, n: unknown) => {
      const re = regex(pattern);
      if (!re || typeof value !== 'string' || typeof n !== 'number') return undefined;
      const all = [...value.matchAll(new RegExp(re.source, 'gu'))].map((m) => m[0]);
      return n < 0 ? all : all.slice(0, n);
    },
    'regex.replace': (value: unknown, pattern: unknown, replacement: unknown) => {
      const re = regex(pattern);
      if (!re || typeof value !== 'string' || typeof replacement !== 'string') return undefined;
      return value.replace(new RegExp(re.source, 'gu'), replacement.replace(/\$\{?(\d+)\}?/g, '$$$1'));
    },
  };
}
