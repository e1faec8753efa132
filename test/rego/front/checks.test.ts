import assert from 'node:assert/strict';
import { compileSources, loadCompiled } from '../../../connector/src/rego';
import { RegoCompileError } from '../../../connector/src/rego/errors';

async function compileError(text: string, entrypoints: string[] = []): Promise<string> {
  try {
    await compileSources([{ file: 'c.rego', text }], entrypoints);
  } catch (err) {
    assert.ok(err instanceof RegoCompileError, String(err));
    return err.message;
  }
  assert.fail('expected a compile error');
}

describe('Rego compile checks', () => {
  it('names unsafe vars with their position', async () => {
    assert.match(await compileError('package p\nallow if {\n  x > 1\n}\n'), /^c\.rego:3:3: rego_unsafe_var_error: var x is unsafe$/);
    assert.match(await compileError('package p\nv := y if input.a\n'), /c\.rego:2:6: rego_unsafe_var_error: var y is unsafe/);
  });

  it('rejects unknown functions and wrong arity', async () => {
    assert.match(await compileError('package p\nx := nosuch(1)\n'), /c\.rego:2:6: rego_compile_error: undefined function nosuch/);
    assert.match(await compileError('package p\nx := count(1, 2, 3)\n'), /c\.rego:2:6: rego_type_error: count: arity mismatch: 3 arguments given, 1 expected/);
  });

  it('rejects recursion, re-assignment, conflicting kinds and double defaults', async () => {
    assert.match(await compileError('package p\na if b\nb if a\n'), /rego_recursion_error: rule data\.p\.a is recursive: data\.p\.a -> data\.p\.b -> data\.p\.a/);
    assert.match(await compileError('package p\nx if {\n  y := 1\n  y := 2\n}\n'), /c\.rego:4:3: rego_compile_error: var y assigned above/);
    assert.match(await compileError('package p\nq := 1\nq contains 2\n'), /conflicting rules data\.p\.q found/);
    assert.match(await compileError('package p\ndefault q := 1\ndefault q := 2\n'), /multiple default rules data\.p\.q found/);
  });

  it('sees recursion through a data reference with a variable only where the reference can reach the rule', async () => {
    // data[pkg].allow reaches every package's allow, not data.p.q itself
    const wasm = await compileSources([
      { file: 'p.rego', text: 'package p\nq := data[pkg].allow if pkg := "other"\n' },
      { file: 'o.rego', text: 'package other\nallow := true\n' },
    ], ['p/q']);
    const policy = await loadCompiled(wasm);
    assert.deepEqual(policy.evaluate({}, 'p/q'), [{ result: true }]);
    assert.match(await compileError('package p\nq := data[pkg].q if pkg := "p"\n'), /rego_recursion_error: rule data\.p\.q is recursive: data\.p\.q -> data\.p\.q/);
    assert.match(await compileError('package p\nq := data.p[x] if x := "q"\n'), /rego_recursion_error: rule data\.p\.q is recursive/);
  });

  it('reports every broken file at once', async () => {
    try {
      await compileSources([{ file: 'a.rego', text: 'package a\nx := {' }, { file: 'b.rego', text: 'package b\ny := ]' }], []);
      assert.fail('expected errors');
    } catch (err) {
      assert.ok(err instanceof RegoCompileError);
      assert.deepEqual(err.errors.map((e) => e.loc.file), ['a.rego', 'b.rego']);
    }
  });
});
