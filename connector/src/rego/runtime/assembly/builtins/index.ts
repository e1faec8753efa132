// Registry and dispatch of the built-ins implemented inside the module (the `native` entries of
// connector/src/rego/builtins/catalogue.ts). A null result means undefined — also on a type error,
// as in OPA's non-strict evaluation.
import { Value, Str, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET } from '../value';
import { parseJSONString, toJSONString } from '../json';
import * as n from './numbers';
import * as s from './strings';
import * as c from './collections';
import * as t from './types';
import * as tm from './time';
import * as g from './glob';

const NAMES: Array<string> = [
  'equal', 'neq', 'lt', 'lte', 'gt', 'gte',
  'plus', 'minus', 'mul', 'div', 'rem', 'round', 'ceil', 'floor', 'abs', 'numbers.range',
  'and', 'or', 'intersection', 'union', 'internal.member_2', 'internal.member_3',
  'count', 'sum', 'product', 'max', 'min', 'sort', 'all', 'any',
  'array.concat', 'array.slice', 'array.reverse',
  'concat', 'contains', 'startswith', 'endswith', 'lower', 'upper',
  'trim', 'trim_left', 'trim_right', 'trim_prefix', 'trim_suffix', 'trim_space',
  'split', 'replace', 'strings.replace_n', 'strings.reverse', 'strings.count', 'strings.any_prefix_match', 'strings.any_suffix_match',
  'substring', 'indexof', 'indexof_n', 'format_int',
  'is_null', 'is_boolean', 'is_number', 'is_string', 'is_array', 'is_object', 'is_set', 'type_name', 'to_number',
  'object.get', 'object.keys', 'object.union', 'object.union_n', 'object.remove', 'object.filter',
  'glob.match', 'glob.quote_meta',
  'time.parse_rfc3339_ns', 'time.date', 'time.clock', 'time.weekday', 'time.add_date', 'time.diff',
  'json.marshal', 'json.unmarshal',
  'time.parse_duration_ns', 'time.format', 'time.parse_ns',
];

const IDS = new Map<string, i32>();
for (let i = 0; i < NAMES.length; i++) IDS.set(NAMES[i], i);

/** The id of a native built-in, or -1. */
export function builtinId(name: string): i32 {
  return IDS.has(name) ? IDS.get(name) : -1;
}

export function callBuiltin(id: i32, a: Array<Value>): Value | null {
  switch (id) {
    case 0: case 1: case 2: case 3: case 4: case 5:
      return n.compare(id, a[0], a[1]);
    case 6: return n.plus(a[0], a[1]);
    case 7: return n.minus(a[0], a[1]);
    case 8: return n.mul(a[0], a[1]);
    case 9: return n.div(a[0], a[1]);
    case 10: return n.rem(a[0], a[1]);
    case 11: return n.round(0, a[0]);
    case 12: return n.round(1, a[0]);
    case 13: return n.round(2, a[0]);
    case 14: return n.round(3, a[0]);
    case 15: return n.range(a[0], a[1]);
    case 16: return c.setOp(true, a[0], a[1]);
    case 17: return c.setOp(false, a[0], a[1]);
    case 18: return c.setOpN(true, a[0]);
    case 19: return c.setOpN(false, a[0]);
    case 20: return c.member2(a[0], a[1]);
    case 21: return c.member3(a[0], a[1], a[2]);
    case 22: return c.count(a[0]);
    case 23: return n.sum(a[0], false);
    case 24: return n.sum(a[0], true);
    case 25: return c.extreme(true, a[0]);
    case 26: return c.extreme(false, a[0]);
    case 27: return c.sort(a[0]);
    case 28: return c.allAny(true, a[0]);
    case 29: return c.allAny(false, a[0]);
    case 30: return c.arrayConcat(a[0], a[1]);
    case 31: return c.arraySlice(a[0], a[1], a[2]);
    case 32: return c.arrayReverse(a[0]);
    case 33: return s.concat(a[0], a[1]);
    case 34: return s.stringTest(0, a[0], a[1]);
    case 35: return s.stringTest(1, a[0], a[1]);
    case 36: return s.stringTest(2, a[0], a[1]);
    case 37: return s.caseMap(false, a[0]);
    case 38: return s.caseMap(true, a[0]);
    case 39: return s.trim(0, a[0], a[1]);
    case 40: return s.trim(1, a[0], a[1]);
    case 41: return s.trim(2, a[0], a[1]);
    case 42: return s.trim(3, a[0], a[1]);
    case 43: return s.trim(4, a[0], a[1]);
    case 44: return s.trim(5, a[0], null);
    case 45: return s.split(a[0], a[1]);
    case 46: return s.replace(a[0], a[1], a[2]);
    case 47: return s.replaceN(a[0], a[1]);
    case 48: return s.reverse(a[0]);
    case 49: return s.countOccurrences(a[0], a[1]);
    case 50: return s.anyAffixMatch(false, a[0], a[1]);
    case 51: return s.anyAffixMatch(true, a[0], a[1]);
    case 52: return s.substring(a[0], a[1], a[2]);
    case 53: return s.indexOf(a[0], a[1]);
    case 54: return s.indexOfN(a[0], a[1]);
    case 55: return s.formatInt(a[0], a[1]);
    case 56: return t.isType(T_NULL, a[0]);
    case 57: return t.isType(T_BOOLEAN, a[0]);
    case 58: return t.isType(T_NUMBER, a[0]);
    case 59: return t.isType(T_STRING, a[0]);
    case 60: return t.isType(T_ARRAY, a[0]);
    case 61: return t.isType(T_OBJECT, a[0]);
    case 62: return t.isType(T_SET, a[0]);
    case 63: return t.typeName(a[0]);
    case 64: return t.toNumber(a[0]);
    case 65: return c.objectGet(a[0], a[1], a[2]);
    case 66: return c.objectKeys(a[0]);
    case 67: return c.objectUnion(a[0], a[1]);
    case 68: return c.objectUnionN(a[0]);
    case 69: return c.objectFilter(false, a[0], a[1]);
    case 70: return c.objectFilter(true, a[0], a[1]);
    case 71: return g.globMatch(a[0], a[1], a[2]);
    case 72: return g.quoteMeta(a[0]);
    case 73: return tm.parseRFC3339(a[0]);
    case 74: return tm.date(a[0]);
    case 75: return tm.clock(a[0]);
    case 76: return tm.weekday(a[0]);
    case 77: return tm.addDate(a[0], a[1], a[2], a[3]);
    case 78: return tm.diff(a[0], a[1]);
    case 79: return new Str(toJSONString(a[0]));
    case 80: return a[0].kind == T_STRING ? parseJSONString(changetype<Str>(a[0]).s) : null;
    case 81: return tm.parseDuration(a[0]);
    case 82: return tm.format(a[0]);
    case 83: return tm.parseNs(a[0], a[1]);
    default: return null;
  }
}
