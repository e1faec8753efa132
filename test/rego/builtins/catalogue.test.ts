import assert from 'node:assert/strict';
import { BUILTINS } from '../../../connector/src/rego/builtins/catalogue';
import { compileSources, loadCompiled } from '../../../connector/src/rego';

describe('built-in catalogue', () => {
  it('every native built-in the compiler accepts is implemented in the Wasm runtime', async () => {
    const natives = Object.entries(BUILTINS).filter(([, spec]) => spec.impl === 'native');
    // one rule per built-in; the module refuses to start if any call names a missing implementation
    const rules = natives.map(([name, spec], i) => `r${i} := ${name}(${Array.from({ length: spec.arity }, () => 'input.x').join(', ')})`);
    const wasm = await compileSources([{ file: 'all.rego', text: `package all\n${rules.join('\n')}\n` }], ['all']);
    const policy = await loadCompiled(wasm);
    assert.ok(Array.isArray(policy.evaluate({ x: 1 }, 'all')));
    assert.ok(natives.length > 70);
  });
});
