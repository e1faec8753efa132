import assert from 'node:assert/strict';
import { compile, evalExpr, valueOf } from '../support/compile';

// [expression, expected value (undefined = undefined)]
const CASES: Array<[string, unknown]> = [
  ['count([1, 2, 3])', 3], ['count("héllo")', 5], ['count({"a": 1})', 1], ['sum([1, 2.5])', 3.5], ['product({2, 3})', 6],
  ['max([3, 9, 1])', 9], ['min({"b", "a"})', 'a'], ['max([])', undefined], ['sort({3, 1, 2})', [1, 2, 3]],
  ['abs(-4)', 4], ['ceil(1.2)', 2], ['floor(-1.2)', -2], ['round(2.5)', 3], ['round(-2.5)', -3], ['round(0.49999999999999994)', 0], ['round(-0.4)', 0],
  ['(0 - 9223372036854775807 - 1) / -1', 9223372036854775808], ['abs(0 - 9223372036854775807 - 1)', 9223372036854775808], ['numbers.range(3, 1)', [3, 2, 1]],
  ['7 % 3', 1], ['7 / 2', 3.5], ['9223372036854775807 - 1', 9223372036854775806],
  ['array.concat([1], [2])', [1, 2]], ['array.slice([1, 2, 3, 4], 1, 3)', [2, 3]], ['array.slice([1, 2, 3], 1.5, 2)', undefined], ['array.slice([1, 2, 3], -1, 10)', [1, 2, 3]], ['array.reverse([1, 2])', [2, 1]],
  ['union({{1}, {2, 3}})', [1, 2, 3]], ['intersection({{1, 2}, {2, 3}})', [2]], ['{1, 2} - {2}', [1]], ['{1} | {2}', [1, 2]], ['{1, 2} & {2}', [2]],
  ['concat("-", ["a", "b"])', 'a-b'], ['contains("abc", "b")', true], ['startswith("abc", "ab")', true], ['endswith("abc", "bc")', true],
  ['lower("ÄB")', 'äb'], ['upper("ab")', 'AB'], ['trim("xxaxx", "x")', 'a'], ['trim_left("xxa", "x")', 'a'], ['trim_right("axx", "x")', 'a'], ['trim("😀a😀😁", "😀")', 'a😀😁'], ['trim_left("😀😀ab", "😀b")', 'ab'],
  ['trim_prefix("prefix-a", "prefix-")', 'a'], ['trim_suffix("a.rego", ".rego")', 'a'], ['trim_space("  a ")', 'a'],
  ['split("a,b", ",")', ['a', 'b']], ['replace("aXbX", "X", "-")', 'a-b-'], ['strings.replace_n({"a": "1", "b": "2"}, "abc")', '12c'],
  ['substring("hello", 1, 3)', 'ell'], ['substring("hello", 2, -1)', 'llo'], ['indexof("hello", "l")', 2], ['indexof("hello", "z")', -1],
  ['indexof("a😀b", "b")', 2], ['indexof_n("😀a😀a", "a")', [1, 3]], ['substring("😀abc", 1, 2)', 'ab'], ['substring("😀abc", 1, -1)', 'abc'],
  ['strings.reverse("a😀b")', 'b😀a'], ['split("a😀b", "")', ['a', '😀', 'b']], ['replace("a😀", "", "-")', '-a-😀-'], ['replace("", "", "-")', '-'],
  ['glob.match("a.*", null, "a.b.c")', true], ['glob.match("a.*", [], "a.b.c")', false],
  ['format_int(255, 16)', 'ff'], ['format_int(-5.9, 10)', '-5'], ['format_int(-9223372036854775808, 16)', '-8000000000000000'], ['format_int(1e30, 10)', undefined], ['format_int(255, 3)', undefined], ['sprintf("%s is %d", ["x", 3])', 'x is 3'],
  ['is_number(1)', true], ['is_string(1)', false], ['is_set(set())', true], ['type_name({})', 'object'], ['to_number("1.5")', 1.5], ['to_number("x")', undefined],
  ['object.get({"a": {"b": 1}}, ["a", "b"], 0)', 1], ['object.get({}, "a", "d")', 'd'], ['object.keys({"a": 1})', ['a']],
  ['object.union({"a": {"b": 1}}, {"a": {"c": 2}})', { a: { b: 1, c: 2 } }], ['object.remove({"a": 1, "b": 2}, ["a"])', { b: 2 }],
  ['object.filter({"a": 1, "b": 2}, {"a"})', { a: 1 }],
  ['glob.match("*.example.com", ["."], "api.example.com")', true], ['glob.match("*.example.com", ["."], "a.b.example.com")', false],
  ['glob.match("**.example.com", ["."], "a.b.example.com")', true], ['glob.match("{a,b}?", [], "bz")', true],
  // polynomial, not exponential: ten stars against 60 characters that almost match (~10^11 paths without memo)
  [`glob.match("${'*a'.repeat(10)}*b", [], "${'a'.repeat(60)}")`, false], [`glob.match("${'*a'.repeat(10)}*b", [], "${'a'.repeat(60)}b")`, true],
  ['time.parse_rfc3339_ns("2025-06-02T10:00:00Z")', 1748858400000000000], ['time.parse_rfc3339_ns("2025-06-02T12:00:00+02:00")', 1748858400000000000],
  ['time.parse_rfc3339_ns("2263-01-01T00:00:00Z")', undefined], ['time.parse_rfc3339_ns("1677-01-01T00:00:00Z")', undefined],
  ['time.parse_rfc3339_ns("1677-09-21T00:12:43.145224192Z") == -9223372036854775808', true], ['time.parse_rfc3339_ns("1677-09-21T00:12:43.145224191Z")', undefined],
  ['time.parse_rfc3339_ns("2262-04-11T23:47:16.854775807Z") == 9223372036854775807', true], ['time.parse_rfc3339_ns("2262-04-11T23:47:16.854775808Z")', undefined],
  ['time.date(1582977600 * 1000000000000)', undefined], ['time.clock(1582977600 * 1000000000000)', undefined],
  ['time.add_date(1748858400000000000, 300, 0, 0)', undefined],
  ['time.parse_duration_ns("1h30m")', 5400000000000], ['time.parse_duration_ns("-1.5s")', -1500000000], ['time.parse_duration_ns("300ms")', 300000000],
  ['time.parse_duration_ns("1µs")', 1000], ['time.parse_duration_ns("0")', 0], ['time.parse_duration_ns("1d")', undefined],
  ['time.parse_duration_ns("10")', undefined], ['time.parse_duration_ns("3000000h")', undefined], ['time.parse_duration_ns(5)', undefined],
  ['time.date(1748858400000000000)', [2025, 6, 2]], ['time.clock(1748858400000000000)', [10, 0, 0]], ['time.weekday(1748858400000000000)', 'Monday'],
  ['time.add_date(1748858400000000000, 0, 1, 0)', 1751450400000000000], ['time.diff(1748858400000000000, 1717322400000000000)', [1, 0, 0, 0, 0, 0]],
  ['json.marshal({"a": [1]})', '{"a":[1]}'], ['json.unmarshal("[1, \\"x\\"]")', [1, 'x']],
  ['regex.match("^[a-z]+$", "abc")', true], ['regex.match("^[a-z]+$", "ab1")', false],
  // RE2, as in OPA: flags in the pattern, no backreferences, and linear time (a backtracking engine takes ~2^40 steps here)
  ['regex.match("(?i)^sphere", "SPHERE shield")', true], ['regex.is_valid("(a)\\\\1")', false], ['regex.is_valid("[")', false],
  ['regex.match("^(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!")', false],
  ['regex.find_n("[0-9]+", "a1b22c333", 2)', ['1', '22']], ['regex.find_n("[0-9]+", "a1b22c333", -1)', ['1', '22', '333']],
  ['regex.replace("x@y, p@q", "(\\\\w+)@(\\\\w+)", "$2 at ${1}")', 'y at x, q at p'], ['regex.replace("a-b", "-", "$$")', 'a$b'],
  ['regex.replace("a-b", "-", "\\\\")', 'a\\b'], ['regex.replace("x@y", "(?P<user>\\\\w+)@", "$user.${user}.$1x.$9.$!")', 'x.x...$!y'],
  ['regex.replace("😀a😀", "a", "b")', '😀b😀'],
];

describe('built-in functions', () => {
  for (const [expr, want] of CASES) {
    it(`${expr} → ${JSON.stringify(want)}`, async () => {
      assert.deepEqual(await evalExpr(expr), want);
    });
  }

  it('time.now_ns comes from the host and is the same everywhere in one evaluation', async () => {
    let clock = 1_700_000_000_000_000_000n;
    const p = await compile('package t\nx := [time.now_ns(), time.now_ns()]\n', ['t/x'], () => clock);
    assert.deepEqual(valueOf(p, 't/x'), [1_700_000_000_000_000_000, 1_700_000_000_000_000_000]);
    clock = 1_800_000_000_000_000_000n;
    assert.deepEqual(valueOf(p, 't/x'), [1_800_000_000_000_000_000, 1_800_000_000_000_000_000]);
  });
});
