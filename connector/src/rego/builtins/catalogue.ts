// Every built-in function the compiler accepts: its arity, and where it runs. `native` built-ins are
// implemented inside the Wasm module (runtime/assembly/builtins, looked up by this name; a type error
// makes the call undefined, as in OPA's non-strict evaluation). `host` built-ins are listed in the
// module's `builtins` export and called through `opa_builtinN`: the SDK implements some itself
// (sprintf, regex.split, json.is_valid, yaml.*), Sphere supplies the rest as `customBuiltins`
// (see ../host/builtins.ts).

export type BuiltinImpl = 'native' | 'host';

export interface BuiltinSpec {
  /** number of arguments (the output of a function-style call `f(x, out)` is not counted) */
  arity: number;
  impl: BuiltinImpl;
  /** host built-ins a native one calls: declared in the module's `builtins` export wherever it is used */
  hosts?: string[];
}

// seconds east of UTC in an IANA zone at a Unix time: the module has no zone database (see ../host/builtins.ts)
const ZONED = { hosts: ['sphere.zone_offset'] };


export const BUILTINS: Record<string, BuiltinSpec> = {
  // comparison (operators)
  equal: { arity: 2, impl: 'native' },
  neq: { arity: 2, impl: 'native' },
  lt: { arity: 2, impl: 'native' },
  lte: { arity: 2, impl: 'native' },
  gt: { arity: 2, impl: 'native' },
  gte: { arity: 2, impl: 'native' },

  // arithmetic (operators and functions)
  plus: { arity: 2, impl: 'native' },
  minus: { arity: 2, impl: 'native' }, // numbers, or set difference
  mul: { arity: 2, impl: 'native' },
  div: { arity: 2, impl: 'native' },
  rem: { arity: 2, impl: 'native' },
  abs: { arity: 1, impl: 'native' },
  round: { arity: 1, impl: 'native' },
  ceil: { arity: 1, impl: 'native' },
  floor: { arity: 1, impl: 'native' },
  'numbers.range': { arity: 2, impl: 'native' },

  // sets
  and: { arity: 2, impl: 'native' },
  or: { arity: 2, impl: 'native' },
  intersection: { arity: 1, impl: 'native' },
  union: { arity: 1, impl: 'native' },

  // membership (`x in xs`, `k, v in xs`)
  'internal.member_2': { arity: 2, impl: 'native' },
  'internal.member_3': { arity: 3, impl: 'native' },

  // aggregates
  count: { arity: 1, impl: 'native' },
  sum: { arity: 1, impl: 'native' },
  product: { arity: 1, impl: 'native' },
  max: { arity: 1, impl: 'native' },
  min: { arity: 1, impl: 'native' },
  sort: { arity: 1, impl: 'native' },
  all: { arity: 1, impl: 'native' },
  any: { arity: 1, impl: 'native' },

  // arrays
  'array.concat': { arity: 2, impl: 'native' },
  'array.slice': { arity: 3, impl: 'native' },
  'array.reverse': { arity: 1, impl: 'native' },

  // strings
  concat: { arity: 2, impl: 'native' },
  contains: { arity: 2, impl: 'native' },
  startswith: { arity: 2, impl: 'native' },
  endswith: { arity: 2, impl: 'native' },
  lower: { arity: 1, impl: 'native' },
  upper: { arity: 1, impl: 'native' },
  trim: { arity: 2, impl: 'native' },
  trim_left: { arity: 2, impl: 'native' },
  trim_right: { arity: 2, impl: 'native' },
  trim_prefix: { arity: 2, impl: 'native' },
  trim_suffix: { arity: 2, impl: 'native' },
  trim_space: { arity: 1, impl: 'native' },
  split: { arity: 2, impl: 'native' },
  replace: { arity: 3, impl: 'native' },
  'strings.replace_n': { arity: 2, impl: 'native' },
  'strings.reverse': { arity: 1, impl: 'native' },
  'strings.count': { arity: 2, impl: 'native' },
  'strings.any_prefix_match': { arity: 2, impl: 'native' },
  'strings.any_suffix_match': { arity: 2, impl: 'native' },
  substring: { arity: 3, impl: 'native' },
  indexof: { arity: 2, impl: 'native' },
  indexof_n: { arity: 2, impl: 'native' },
  format_int: { arity: 2, impl: 'native' },
  sprintf: { arity: 2, impl: 'host' },

  // types
  is_number: { arity: 1, impl: 'native' },
  is_string: { arity: 1, impl: 'native' },
  is_boolean: { arity: 1, impl: 'native' },
  is_array: { arity: 1, impl: 'native' },
  is_set: { arity: 1, impl: 'native' },
  is_object: { arity: 1, impl: 'native' },
  is_null: { arity: 1, impl: 'native' },
  type_name: { arity: 1, impl: 'native' },
  to_number: { arity: 1, impl: 'native' },

  // objects
  'object.get': { arity: 3, impl: 'native' },
  'object.keys': { arity: 1, impl: 'native' },
  'object.union': { arity: 2, impl: 'native' },
  'object.union_n': { arity: 1, impl: 'native' },
  'object.remove': { arity: 2, impl: 'native' },
  'object.filter': { arity: 2, impl: 'native' },

  // glob
  'glob.match': { arity: 3, impl: 'native' },
  'glob.quote_meta': { arity: 1, impl: 'native' },

  // time (nanoseconds since the epoch as numbers, UTC unless a zone is given)
  'time.parse_rfc3339_ns': { arity: 1, impl: 'native' },
  'time.date': { arity: 1, impl: 'native', ...ZONED },
  'time.clock': { arity: 1, impl: 'native', ...ZONED },
  'time.weekday': { arity: 1, impl: 'native', ...ZONED },
  'time.add_date': { arity: 4, impl: 'native', ...ZONED },
  'time.diff': { arity: 2, impl: 'native', ...ZONED },
  'time.parse_duration_ns': { arity: 1, impl: 'native' },
  'time.parse_ns': { arity: 2, impl: 'native' }, // Go layouts; int64 results beyond a JS number's precision
  'time.format': { arity: 1, impl: 'native', ...ZONED },
  'time.now_ns': { arity: 0, impl: 'host' }, // fixed for one evaluation by the host

  // tests
  'test.sleep': { arity: 1, impl: 'host' }, // blocks the evaluation, as in OPA; only for the conformance suite (host/builtins.ts)

  // JSON
  'json.marshal': { arity: 1, impl: 'native' },
  'json.unmarshal': { arity: 1, impl: 'native' },
  'json.is_valid': { arity: 1, impl: 'host' },

  // regular expressions (RE2 syntax; evaluated by the host)
  'regex.match': { arity: 2, impl: 'host' },
  re_match: { arity: 2, impl: 'host' },
  'regex.is_valid': { arity: 1, impl: 'host' },
  'regex.split': { arity: 2, impl: 'host' },
  'regex.find_n': { arity: 3, impl: 'host' },
  'regex.replace': { arity: 3, impl: 'host' },
};

export function lookupBuiltin(name: string): BuiltinSpec | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name] : undefined;
}
