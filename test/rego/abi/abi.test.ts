import assert from 'node:assert/strict';
import { compile, valueOf } from '../support/compile';

const POLICY = 'package abi\nimport rego.v1\necho := input\nlimit := data.cfg.limit\nover if input.n > data.cfg.limit\n';

describe('OPA Wasm ABI as the official SDK uses it', () => {
  it('exports ABI 1.3 and named entrypoints in -e order', async () => {
    const p = await compile(POLICY, ['abi/echo', 'abi/over', 'abi/limit']);
    const exports = (p as unknown as { wasmInstance: WebAssembly.Instance }).wasmInstance.exports as Record<string, unknown>;
    assert.equal((exports.opa_wasm_abi_version as WebAssembly.Global).value, 1);
    assert.equal((exports.opa_wasm_abi_minor_version as WebAssembly.Global).value, 3);
    assert.deepEqual(p.entrypoints, { 'abi/echo': 0, 'abi/over': 1, 'abi/limit': 2 });
    assert.deepEqual(p.evaluate({ a: 1 }, 0), [{ result: { a: 1 } }]);
  });

  it('gives the same answers on the fast path and the legacy path, with setData', async () => {
    for (const legacy of [false, true]) {
      const p = await compile(POLICY, ['abi/over', 'abi/limit']);
      if (legacy) (p as unknown as { minorVersion: number }).minorVersion = 1;
      p.setData({ cfg: { limit: 10 } });
      assert.equal(valueOf(p, 'abi/limit'), 10, `legacy=${legacy}`);
      assert.equal(valueOf(p, 'abi/over', { n: 11 }), true);
      assert.equal(valueOf(p, 'abi/over', { n: 9 }), undefined);
      p.setData({ cfg: { limit: 100 } });
      assert.equal(valueOf(p, 'abi/limit'), 100);
    }
  });

  it('round-trips JSON: unicode, escapes, big numbers, deep nesting', async () => {
    const p = await compile(POLICY, ['abi/echo']);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 500; i++) deep = [deep];
    const input = { s: 'Grüße 🚀 "q" \\ \n\t\u0001', n: [0, -1, 1.5, 1e-7, 9007199254740991], deep, empty: { a: [], o: {} } };
    assert.deepEqual(valueOf(p, 'abi/echo', input), input);
  });

  it('dumps strings as UTF-8 of every width, control characters escaped, output longer than one buffer', async () => {
    const p = await compile(POLICY, ['abi/echo']);
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');
    const input = { widths: 'a ß € 𝄞 ✓', controls, long: 'xÿ€𝄞'.repeat(2000), keys: { 'ü': 1, '𝄞': 2 } };
    assert.deepEqual(valueOf(p, 'abi/echo', input), input);
    // a lone surrogate cannot be UTF-8: it reads back as U+FFFD, as any UTF-8 decoder would make of it
    assert.deepEqual(valueOf(p, 'abi/echo', { s: 'a\ud800b' }), { s: 'a\ufffdb' });
  });

  it('rejects an unknown entrypoint and malformed input without corrupting later evaluations', async () => {
    const p = await compile(POLICY, ['abi/echo']);
    assert.throws(() => p.evaluate({}, 'abi/nope'), /not valid/);
    assert.throws(() => p.evaluate({}, 7), /illegal entrypoint/);
    assert.throws(() => p.evaluate(new TextEncoder().encode('{"a":').buffer as ArrayBuffer, 'abi/echo'), /not JSON/);
    assert.deepEqual(valueOf(p, 'abi/echo', { ok: true }), { ok: true });
  });

  it('resets its heap between evaluations: 100,000 evaluations leave memory where it was', async () => {
    const p = await compile('package h\nimport rego.v1\nx := [y | some v in input.v; y := sprintf("%d", [v])]\n', ['h/x']);
    const memory = (p as unknown as { mem: WebAssembly.Memory }).mem;
    const input = { v: [1, 2, 3, 4, 5, 6, 7, 8] };
    for (let i = 0; i < 100; i++) p.evaluate(input, 'h/x');
    const before = memory.buffer.byteLength;
    for (let i = 0; i < 100_000; i++) p.evaluate(input, 'h/x');
    assert.equal(memory.buffer.byteLength, before);
    assert.deepEqual(valueOf(p, 'h/x', input), ['1', '2', '3', '4', '5', '6', '7', '8']);
  });
});
