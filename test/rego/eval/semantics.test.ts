import assert from 'node:assert/strict';
import { compile, valueOf } from '../support/compile';
import { compileSources, loadCompiled } from '../../../connector/src/rego';

describe('Rego evaluation in the compiled module', () => {
  it('evaluates complete rules, defaults and else chains', async () => {
    const p = await compile([
      'package s', 'import rego.v1', 'default allow := false', 'allow if input.role == "admin"',
      'level := "high" if input.score > 80 else := "mid" if input.score > 40 else := "low"',
    ].join('\n'), ['s/allow', 's/level']);
    assert.equal(valueOf(p, 's/allow', { role: 'admin' }), true);
    assert.equal(valueOf(p, 's/allow', { role: 'guest' }), false);
    assert.deepEqual([90, 50, 10].map((score) => valueOf(p, 's/level', { score })), ['high', 'mid', 'low']);
  });

  it('builds partial sets and objects, iterating input and data', async () => {
    const p = await compile([
      'package s', 'import rego.v1',
      'admins contains u.name if { some u in input.users; u.admin }',
      'by_name[u.name] := u.id if some u in input.users',
      'allowed contains r if { some r, roles in data.roles; input.role in roles }',
    ].join('\n'), ['s/admins', 's/by_name', 's/allowed']);
    p.setData({ roles: { read: ['a', 'b'], write: ['b'] } });
    const input = { role: 'b', users: [{ name: 'x', id: 1, admin: true }, { name: 'y', id: 2, admin: false }] };
    assert.deepEqual(valueOf(p, 's/admins', input), ['x']);
    assert.deepEqual(valueOf(p, 's/by_name', input), { x: 1, y: 2 });
    assert.deepEqual(valueOf(p, 's/allowed', input), ['read', 'write']);
  });

  it('iterates in call arguments and unifies composite keys in references', async () => {
    const p = await compile([
      'package s', 'import rego.v1',
      'pairs := {[1, "a"], [1, "b"], [2, "c"]}',
      'firsts contains x if pairs[[1, x]]',
      'tagged contains item.id if { some item in input.items; startswith(item.tags[_], "t") }',
      'untagged contains item.id if { some item in input.items; not startswith(item.tags[_], "t") }',
      'second_is_two contains v if { obj := {[1, 2]: "x", [1, 3]: "y", [5, 2]: "z"}; v := obj[[_, 2]] }',
    ].join('\n'), ['s/firsts', 's/tagged', 's/untagged', 's/second_is_two']);
    const input = { items: [{ id: 'i1', tags: ['x', 't1'] }, { id: 'i2', tags: ['x'] }, { id: 'i3', tags: [] }] };
    assert.deepEqual(valueOf(p, 's/firsts'), ['a', 'b']);
    assert.deepEqual(valueOf(p, 's/tagged', input), ['i1']);
    assert.deepEqual(valueOf(p, 's/untagged', input), ['i2', 'i3']);
    assert.deepEqual(valueOf(p, 's/second_is_two'), ['x', 'z']);
  });

  it('merges rules whose heads extend a partial object into one document', async () => {
    const p = await compile([
      'package s', 'import rego.v1',
      'obj[k] := v if { some k, v in ["a", "b"] }',
      'obj.foo := "bar" if input.foo',
      'obj["deep"].x := 1',
      'same if obj == {0: "a", 1: "b", "foo": "bar", "deep": {"x": 1}}',
      'foo := obj.foo',
    ].join('\n'), ['s/obj', 's/same', 's/foo']);
    assert.deepEqual(valueOf(p, 's/obj', {}), { 0: 'a', 1: 'b', deep: { x: 1 } });
    assert.equal(valueOf(p, 's/same', { foo: true }), true);
    assert.equal(valueOf(p, 's/foo', { foo: true }), 'bar');
    assert.equal(valueOf(p, 's/foo', {}), undefined);
  });

  it('nests values under ref heads with variables before their end, conflicts included', async () => {
    const p = await compile([
      'package s', 'import rego.v1',
      'grants[u.role][u.name] := u.level if some u in input.users',
      'grants[r].audit := true if some r in input.audited',
      'tags[k][t] contains v if { some k, v in input.tags; some t in ["a", "b"] }',
      'clash[x].y := x if some x in input.xs',
      'clash[x].y := 0 if some x in input.xs',
    ].join('\n'), ['s/grants', 's/tags', 's/clash']);
    const input = { users: [{ role: 'dpo', name: 'ann', level: 2 }, { role: 'dpo', name: 'bob', level: 1 }, { role: 'sales', name: 'cy', level: 1 }], audited: ['dpo'] };
    assert.deepEqual(valueOf(p, 's/grants', input), { dpo: { ann: 2, bob: 1, audit: true }, sales: { cy: 1 } });
    assert.deepEqual(valueOf(p, 's/tags', { tags: { k1: 'x', k2: 'y' } }), { k1: { a: ['x'], b: ['x'] }, k2: { a: ['y'], b: ['y'] } });
    assert.deepEqual(valueOf(p, 's/clash', { xs: [0] }), { 0: { y: 0 } });
    assert.throws(() => p.evaluate({ xs: [1] }, 's/clash'), /eval_conflict_error: object keys must be unique/);
  });

  it('calls functions with several definitions and value-matching arguments', async () => {
    const p = await compile([
      'package s', 'import rego.v1', 'kind("a") := "letter"', 'kind(x) := "number" if is_number(x)',
      'r := [kind("a"), kind(3)]', 'miss := kind(true)',
    ].join('\n'), ['s/r', 's/miss']);
    assert.deepEqual(valueOf(p, 's/r'), ['letter', 'number']);
    assert.equal(valueOf(p, 's/miss'), undefined);
  });

  it('supports comprehensions, every, not and some … in with keys', async () => {
    const p = await compile([
      'package s', 'import rego.v1',
      'squares := [y | some x in input.xs; y := x * x]',
      'idx := {i: v | some i, v in input.xs}',
      'all_positive if every x in input.xs { x > 0 }',
      'no_zero if not 0 in input.xs',
    ].join('\n'), ['s']);
    assert.deepEqual(valueOf(p, 's', { xs: [1, 2, 3] }), { squares: [1, 4, 9], idx: { 0: 1, 1: 2, 2: 3 }, all_positive: true, no_zero: true });
    assert.deepEqual(valueOf(p, 's', { xs: [0, 2] }), { squares: [0, 4], idx: { 0: 0, 1: 2 } });
  });

  it('computes calls in comprehension heads per element, an undefined call leaving the element out', async () => {
    const p = await compile([
      'package s', 'import rego.v1',
      'up := [upper(x) | some x in input.xs]',
      'pairs := {concat("-", [x, x]) | some x in input.xs}',
      'lengths := {upper(x): count(x) | some x in input.xs}',
      'others := [sprintf("%s:%d", [x, count([y | some y in input.xs; y != x])]) | some x in input.xs]',
      'numbers := [to_number(x) | some x in input.xs]',
    ].join('\n'), ['s']);
    assert.deepEqual(valueOf(p, 's', { xs: ['a', 'bb', '3'] }), {
      up: ['A', 'BB', '3'], pairs: ['3-3', 'a-a', 'bb-bb'], lengths: { 3: 1, A: 1, BB: 2 }, others: ['a:2', 'bb:2', '3:2'], numbers: [3],
    });
  });

  it('gives a package without rules as an empty document, as OPA does', async () => {
    const wasm = await compileSources([
      { file: 'empty.rego', text: 'package a.b\n\n# nothing here yet\n' },
      { file: 'x.rego', text: 'package x\n\np := data.a.b\n\nq := data.a\n' },
    ], ['x/p', 'x/q']);
    const policy = await loadCompiled(wasm);
    assert.deepEqual([policy.evaluate({}, 'x/p'), policy.evaluate({}, 'x/q')], [[{ result: {} }], [{ result: { b: {} } }]]);
  });

  it('overrides input and data with `with` and does not reuse cached rule values', async () => {
    const p = await compile([
      'package s', 'import rego.v1', 'name := input.user.name', 'limit := data.cfg.limit',
      'test_with if { name == "ann" with input.user.name as "ann"; limit == 5 with data.cfg.limit as 5 }',
      'both := [name, n2] if { n2 := name with input.user.name as "bob" }',
      // data has no `absent`: the override creates the path, and iterating it sees the new document
      'ones contains k if { data.absent.m[k] = 1 with data.absent.m as {"a": 1, "b": 2, "c": 1} }',
    ].join('\n'), ['s/test_with', 's/both', 's/ones']);
    p.setData({ cfg: { limit: 1 } });
    assert.equal(valueOf(p, 's/test_with', { user: { name: 'zed' } }), true);
    assert.deepEqual(valueOf(p, 's/both', { user: { name: 'zed' } }), ['zed', 'bob']);
    assert.deepEqual(valueOf(p, 's/ones'), ['a', 'c']);
  });

  it('replaces functions and built-ins with `with` (values or other functions), only inside that expression', async () => {
    const p = await compile([
      'package s', 'import rego.v1', 'double(x) := x * 2', 'fake_count(_) := 42', 'n := count(input.xs)', 'd := double(2)',
      'stamp := time.now_ns()',
      'test_mocks if {', '  n == 42 with count as fake_count', '  d == 5 with double as 5', '  stamp == 7 with time.now_ns as 7', '  n == 2', '}',
    ].join('\n'), ['s/test_mocks']);
    assert.equal(valueOf(p, 's/test_mocks', { xs: [1, 2] }), true);
  });

  it('reports conflicting complete-rule values and object keys as eval_conflict_error', async () => {
    const p = await compile('package s\nx := 1 if input.a\nx := 2 if input.b\no[k] := v if { some k, v in input.pairs[_] }\n', ['s/x', 's/o']);
    assert.equal(valueOf(p, 's/x', { a: true }), 1);
    assert.throws(() => p.evaluate({ a: true, b: true }, 's/x'), /eval_conflict_error: complete rules must not produce multiple outputs/);
    assert.throws(() => p.evaluate({ pairs: [{ k: 1 }, { k: 2 }] }, 's/o'), /object keys must be unique/);
  });

  it('orders sets and objects canonically and keeps exact numbers', async () => {
    // json.marshal shows the module's own text: the SDK's JSON.parse would round big numbers
    const p = await compile('package s\nx := {3, "b", 1, [2], {"z": 1}, null, true}\nbig := json.marshal([12345678901234567890, 9007199254740993 + 1, 0.1, 1e400])\n', ['s']);
    assert.deepEqual(valueOf(p, 's'), { big: '[12345678901234567890,9007199254740994,0.1,1e400]', x: [null, true, 1, 3, 'b', [2], { z: 1 }] });
  });

  it('binds function arguments (a repeated parameter must get equal values) and never skips a body that reads them', async () => {
    const p = await compile([
      'package s', 'import rego.v1',
      'same(x, x) := true', 'same(x, y) := false if x != y',
      'pick(x, 1) := x', 'pick(x, 2) := "two"',
      'only_two(x) := "yes" if x == 2',
      'twice(x) := 1 if x', 'twice(x) := 2 if x',
      'results := [same(1, 1), same(1, 2), pick("a", 1), pick("a", 2), only_two(2)]',
      'missing := only_two(3)',
      'clash := twice(true)',
    ].join('\n'), ['s/results', 's/missing', 's/clash']);
    assert.deepEqual(valueOf(p, 's/results'), [true, false, 'a', 'two', 'yes']);
    assert.equal(valueOf(p, 's/missing'), undefined);
    assert.throws(() => p.evaluate({}, 's/clash'), /eval_conflict_error: functions must not produce multiple outputs for same inputs/);
  });

  it('writes the policy\'s constant strings exactly, as values and as keys, beside strings made at evaluation', async () => {
    const text = 'Anführungszeichen "x", Backslash \\, Tab \t, Steuerzeichen \u0001, € und 😀 — über vier Zeichen';
    const p = await compile([
      'package s', 'import rego.v1',
      `msg := ${JSON.stringify(text)}`,
      `keyed := {${JSON.stringify(text)}: "v", "k": ${JSON.stringify(text)}}`,
      `made := concat("", [input.prefix, ${JSON.stringify(text)}])`,
      'short := ["", "a", "ab\\"", "abcd", "abcde"]',
    ].join('\n'), ['s']);
    assert.deepEqual(valueOf(p, 's', { prefix: 'Ä"' }), {
      msg: text, keyed: { [text]: 'v', k: text }, made: `Ä"${text}`, short: ['', 'a', 'ab"', 'abcd', 'abcde'],
    });
  });

  it('treats built-in type errors as undefined (non-strict)', async () => {
    const p = await compile('package s\nx := count(5)\ny := "a" + 1\nz := 1 / 0\n', ['s']);
    assert.deepEqual(valueOf(p, 's'), {});
  });
});
