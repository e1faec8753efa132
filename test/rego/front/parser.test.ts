import assert from 'node:assert/strict';
import { parseModule, parseQuery } from '../../../connector/src/rego/parser';
import { RegoCompileError } from '../../../connector/src/rego/errors';

function parseError(text: string): string {
  try {
    parseModule(text, 'p.rego');
  } catch (err) {
    assert.ok(err instanceof RegoCompileError, `expected RegoCompileError, got ${String(err)}`);
    return err.message;
  }
  assert.fail('expected a parse error');
}

describe('Rego parser', () => {
  it('reads each rule kind with its head', () => {
    const m = parseModule([
      'package a.b', 'import rego.v1', 'default allow := false', 'allow if input.x == 1',
      'names contains n if some n in input.names', 'by_id[id] := u if { some u in input.users; id := u.id }',
      'double(x) := y if y := x * 2', 'a.b.c := 1', 'r := 1 if false else := 2',
    ].join('\n'), 'p.rego');
    assert.deepEqual(m.packagePath, ['a', 'b']);
    assert.deepEqual(m.rules.map((r) => r.kind), ['complete', 'complete', 'partial_set', 'partial_object', 'function', 'complete', 'complete']);
    assert.equal(m.rules[0]?.isDefault, true);
    assert.equal(m.rules[6]?.else?.head.value?.value.type, 'number');
    assert.deepEqual(m.rules[5]?.head.ref.map((t) => (t.value as { name?: string; value?: string }).name ?? (t.value as { value: string }).value), ['a', 'b', 'c']);
  });

  it('turns operators into calls with precedence', () => {
    const [expr] = parseQuery('x := 1 + 2 * 3 == 7');
    const t = expr?.terms as { value: { type: string; terms: Array<{ value: { type: string; terms?: unknown[] } }> } };
    assert.equal(t.value.type, 'call');
    const rhs = t.value.terms[2]?.value as { terms: Array<{ value: { terms: Array<{ value: { name: string } }> } }> };
    assert.equal(rhs.terms[0]?.value.terms[0]?.value.name, 'equal');
  });

  it('keeps exact numbers and raw strings', () => {
    const m = parseModule('package n\nbig := 12345678901234567890\ndec := 0.1\nneg := -3\nraw := `a\\b`', 'n.rego');
    const values = m.rules.map((r) => r.head.value?.value as { value: unknown });
    assert.deepEqual(values.map((v) => v.value), ['12345678901234567890', '0.1', '-3', 'a\\b']);
  });

  it('reports positioned errors with what was expected', () => {
    assert.match(parseError('package p\n\nallow if {\n  input.x ==\n}\n'), /^p\.rego:5:1: rego_parse_error: unexpected "}": expected a term/);
    assert.match(parseError('package p\np {\n  true\n}\n'), /^p\.rego:2:3: rego_parse_error: `if` keyword is required before rule body/);
    assert.match(parseError('allow := true\n'), /^p\.rego:1:1: rego_parse_error: .*expected package declaration/);
    assert.match(parseError('package p\nx := "unterminated\n'), /^p\.rego:2:6: rego_parse_error: non-terminated string/);
    assert.match(parseError('package p\nx := [1, 2\n'), /p\.rego:3:1: rego_parse_error: unexpected end of file: expected "\]" or ","/);
  });

  it('never throws anything but a RegoCompileError on broken input', () => {
    const samples = ['package', 'package p\nx := {', 'package p\nf(', 'package p\nx := [1 | ]', 'package p\nevery', 'package p\nx := 1 +', 'package p\n@', 'package p\nsome x in'];
    for (const s of samples) {
      assert.throws(() => parseModule(s, 'b.rego'), RegoCompileError, s);
    }
  });
});
