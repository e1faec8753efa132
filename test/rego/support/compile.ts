// Compile Rego text and evaluate it through the official SDK: what every compiler test needs.
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { compileSources, loadCompiled, testHostBuiltins } from '../../../connector/src/rego';

/** With test.sleep, as the conformance runner: compiler tests cover it too. */
export async function compile(text: string, entrypoints: string[], now?: () => bigint | number): Promise<LoadedPolicy> {
  return loadCompiled(await compileSources([{ file: 'policy.rego', text }], entrypoints), testHostBuiltins(now));
}

/** The value of `entrypoint` for `input`, or undefined when the result set is empty. */
export function valueOf(policy: LoadedPolicy, entrypoint: string, input?: unknown): unknown {
  const rs = policy.evaluate(input, entrypoint) as Array<{ result: unknown }>;
  return rs.length === 0 ? undefined : rs[0]?.result;
}

/** Evaluates `expr` as `x := expr` in a fresh module: the shortest way to test one expression. */
export async function evalExpr(expr: string, input?: unknown): Promise<unknown> {
  const policy = await compile(`package t\nimport rego.v1\nx := ${expr}\n`, ['t/x']);
  return valueOf(policy, 't/x', input);
}
