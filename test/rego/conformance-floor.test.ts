import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCase, runConformance } from '../../connector/src/rego/conformance/runner';

const floor = JSON.parse(readFileSync(join(__dirname, '..', '..', 'connector', 'src', 'rego', 'conformance', 'floor.json'), 'utf8')) as { passed: number };
const cases = join(__dirname, '..', '..', '..', 'shared', 'rego-conformance', 'v1');

describe('OPA conformance suite through the compiler', () => {
  it(`passes at least the recorded ${floor.passed} cases and never crashes`, async function () {
    this.timeout(600_000);
    const outcomes = await runConformance(cases);
    const passed = outcomes.filter((o) => o.passed).length;
    const crashes = outcomes.filter((o) => !o.passed && /RuntimeError|unreachable|Maximum call stack/.test(o.reason ?? ''));
    assert.deepEqual(crashes.map((c) => `${c.note}: ${c.reason}`), []);
    assert.ok(passed >= floor.passed, `${passed} passed, below the recorded floor of ${floor.passed}`);
  });

  it('compares a sort_bindings value as a set, and other values in order', async () => {
    const modules = ['package t\nimport rego.v1\ns := {"b", "a", "c"}\na := ["b", "a"]\n'];
    const set = await runCase('unit', { note: 'set', query: 'data.t.s = x', modules, want_result: [{ x: ['c', 'b', 'a'] }], sort_bindings: true });
    assert.equal(set.passed, true, set.reason);
    const array = await runCase('unit', { note: 'array', query: 'data.t.a = x', modules, want_result: [{ x: ['a', 'b'] }] });
    assert.equal(array.passed, false);
  });

  it('compares a query\'s `= input` with the input document instead of binding a variable named input', async () => {
    const modules = ['package t\np["a"] := 1\np["b"] := 2\n'];
    const differs = await runCase('unit', { note: 'differs', query: 'data.t.p = input', modules, input: { a: 1 }, want_result: [] });
    assert.equal(differs.passed, true, differs.reason);
    const equal = await runCase('unit', { note: 'equal', query: 'data.t.p = input', modules, input: { a: 1, b: 2 }, want_result: [{}] });
    assert.equal(equal.passed, true, equal.reason);
  });
});
