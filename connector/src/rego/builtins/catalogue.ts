// Every built-in function the compiler accepts: its arity, and where it runs.
// `native` names the export of the AssemblyScript runtime (runtime/assembly) that implements it:
// it takes value addresses and returns a value address, 0 meaning undefined (a type error is
// undefined, as in OPA's non-strict evaluation). `host` built-ins are listed in the module's
// `builtins` export and called through `opa_builtinN`: the SDK implements some itself
// (sprintf, regex.split, json.is_valid, yaml.*), Sphere supplies the rest as `customBuiltins`
// (see ../host/builtins.ts).

export type BuiltinImpl = { native: string } | { host: true };

export interface BuiltinSpec {
  /** number of arguments (the output of a function-style call `f(x, out)` is not counted) */
  arity: number;
  impl: BuiltinImpl;
  /** true for operators/relations that have no output value but succeed or fail (e.g. `x < y` yields a boolean used as a test) */
  infix?: string;
}

const native = (name: string): BuiltinImpl => ({ native: name });
const host: BuiltinImpl = { host: true };

export const BUILTINS: Record<string, BuiltinSpec> = {
  // comparison (operators)
  equal: { arity: 2, impl: native('opa_cmp_eq'), infix: '==' },
  neq: { arity: 2, impl: native('opa_cmp_neq'), infix: '!=' },
  lt: { arity: 2, impl: native('opa_cmp_lt'), infix: '<' },
  lte: { arity: 2, impl: native('opa_cmp_lte'), infix: '<=' },
  gt: { arity: 2, impl: native('opa_cmp_gt'), infix: '>' },
  gte: { arity: 2, impl: native('opa_cmp_gte'), infix: '>=' },

  // arithmetic (operators and functions)
  plus: { arity: 2, impl: native('opa_arith_plus'), infix: '+' },
  minus: { arity: 2, impl: native('opa_arith_minus'), infix: '-' }, // numbers, or set difference
  mul: { arity: 2, impl: native('opa_arith_multiply'), infix: '*' },
  div: { arity: 2, impl: native('opa_arith_divide'), infix: '/' },
  rem: { arity: 2, impl: native('opa_arith_rem'), infix: '%' },
  abs: { arity: 1, impl: native('opa_arith_abs') },
  round: { arity: 1, impl: native('opa_arith_round') },
  ceil: { arity: 1, impl: native('opa_arith_ceil') },
  floor: { arity: 1, impl: native('opa_arith_floor') },
  'numbers.range': { arity: 2, impl: native('opa_numbers_range') },

  // sets
  and: { arity: 2, impl: native('opa_sets_intersection'), infix: '&' },
  or: { arity: 2, impl: native('opa_sets_union'), infix: '|' },
  intersection: { arity: 1, impl: native('opa_sets_intersection_n') },
  union: { arity: 1, impl: native('opa_sets_union_n') },

  // membership (`x in xs`, `k, v in xs`)
  'internal.member_2': { arity: 2, impl: native('opa_member_2') },
  'internal.member_3': { arity: 3, impl: native('opa_member_3') },

  // aggregates
  count: { arity: 1, impl: native('opa_agg_count') },
  sum: { arity: 1, impl: native('opa_agg_sum') },
  product: { arity: 1, impl: native('opa_agg_product') },
  max: { arity: 1, impl: native('opa_agg_max') },
  min: { arity: 1, impl: native('opa_agg_min') },
  sort: { arity: 1, impl: native('opa_agg_sort') },
  all: { arity: 1, impl: native('opa_agg_all') },
  any: { arity: 1, impl: native('opa_agg_any') },

  // arrays
  'array.concat': { arity: 2, impl: native('opa_array_concat') },
  'array.slice': { arity: 3, impl: native('opa_array_slice') },
  'array.reverse': { arity: 1, impl: native('opa_array_reverse') },

  // strings
  concat: { arity: 2, impl: native('opa_strings_concat') },
  contains: { arity: 2, impl: native('opa_strings_contains') },
  startswith: { arity: 2, impl: native('opa_strings_startswith') },
  endswith: { arity: 2, impl: native('opa_strings_endswith') },
  lower: { arity: 1, impl: native('opa_strings_lower') },
  upper: { arity: 1, impl: native('opa_strings_upper') },
  trim: { arity: 2, impl: native('opa_strings_trim') },
  trim_left: { arity: 2, impl: native('opa_strings_trim_left') },
  trim_right: { arity: 2, impl: native('opa_strings_trim_right') },
  trim_prefix: { arity: 2, impl: native('opa_strings_trim_prefix') },
  trim_suffix: { arity: 2, impl: native('opa_strings_trim_suffix') },
  trim_space: { arity: 1, impl: native('opa_strings_trim_space') },
  split: { arity: 2, impl: native('opa_strings_split') },
  replace: { arity: 3, impl: native('opa_strings_replace') },
  'strings.replace_n': { arity: 2, impl: native('opa_strings_replace_n') },
  'strings.reverse': { arity: 1, impl: native('opa_strings_reverse') },
  'strings.count': { arity: 2, impl: native('opa_strings_count') },
  'strings.any_prefix_match': { arity: 2, impl: native('opa_strings_any_prefix_match') },
  'strings.any_suffix_match': { arity: 2, impl: native('opa_strings_any_suffix_match') },
  substring: { arity: 3, impl: native('opa_strings_substring') },
  indexof: { arity: 2, impl: native('opa_strings_indexof') },
  indexof_n: { arity: 2, impl: native('opa_strings_indexof_n') },
  format_int: { arity: 2, impl: native('opa_strings_format_int') },
  sprintf: { arity: 2, impl: host },

  // types
  is_number: { arity: 1, impl: native('opa_types_is_number') },
  is_string: { arity: 1, impl: native('opa_types_is_string') },
  is_boolean: { arity: 1, impl: native('opa_types_is_boolean') },
  is_array: { arity: 1, impl: native('opa_types_is_array') },
  is_set: { arity: 1, impl: native('opa_types_is_set') },
  is_object: { arity: 1, impl: native('opa_types_is_object') },
  is_null: { arity: 1, impl: native('opa_types_is_null') },
  type_name: { arity: 1, impl: native('opa_types_name') },
  to_number: { arity: 1, impl: native('opa_to_number') },

  // objects
  'object.get': { arity: 3, impl: native('opa_object_get') },
  'object.keys': { arity: 1, impl: native('opa_object_keys') },
  'object.union': { arity: 2, impl: native('opa_object_union') },
  'object.union_n': { arity: 1, impl: native('opa_object_union_n') },
  'object.remove': { arity: 2, impl: native('opa_object_remove') },
  'object.filter': { arity: 2, impl: native('opa_object_filter') },

  // glob
  'glob.match': { arity: 3, impl: native('opa_glob_match') },
  'glob.quote_meta': { arity: 1, impl: native('opa_glob_quote_meta') },

  // time (nanoseconds since the epoch as numbers, UTC unless a zone is given)
  'time.parse_rfc3339_ns': { arity: 1, impl: native('opa_time_parse_rfc3339_ns') },
  'time.date': { arity: 1, impl: native('opa_time_date') },
  'time.clock': { arity: 1, impl: native('opa_time_clock') },
  'time.weekday': { arity: 1, impl: native('opa_time_weekday') },
  'time.add_date': { arity: 4, impl: native('opa_time_add_date') },
  'time.diff': { arity: 2, impl: native('opa_time_diff') },
  'time.now_ns': { arity: 0, impl: host }, // fixed for one evaluation by the host

  // JSON
  'json.marshal': { arity: 1, impl: native('opa_json_marshal') },
  'json.unmarshal': { arity: 1, impl: native('opa_json_unmarshal') },
  'json.is_valid': { arity: 1, impl: host },

  // regular expressions (RE2 syntax; evaluated by the host)
  'regex.match': { arity: 2, impl: host },
  re_match: { arity: 2, impl: host },
  'regex.is_valid': { arity: 1, impl: host },
  'regex.split': { arity: 2, impl: host },
  'regex.find_n': { arity: 3, impl: host },
  'regex.replace': { arity: 3, impl: host },
};

export function lookupBuiltin(name: string): BuiltinSpec | undefined {
  return Object.prototype.hasOwnProperty.call(BUILTINS, name) ? BUILTINS[name] : undefined;
}
