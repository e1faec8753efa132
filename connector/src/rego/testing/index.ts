// `sphere policy test`: runs every `test_*` rule like `opa test` — compiled once, each test an entrypoint,
// PASS when it evaluates to true. For a failing test, probes of its body's prefixes find the first
// expression that fails, so `--verbose` can show it.
import { performance } from 'node:perf_hooks';
import type { Expr, Module, Rule, Term } from '../ast/types';
import { errorMessage } from '../errors';

export interface RegoTestResult {
  name: string;
  package: string;
  file: string;
  row: number;
  col: number;
  pass: boolean;
  error?: string;
  durationMs: number;
  /** `file:row: source` of the first expression that fails (failing tests only) */
  failedExpressions?: string[];
}

export interface RegoTestReport {
  results: RegoTestResult[];
  passed: number;
  failed: number;
}

interface TestRule { module: Module; rule: Rule; name: string; entrypoint: string }

const PROBE = '__sphere_probe_';

function testRules(modules: Module[]): TestRule[] {
  const seen = new Set<string>();
  const out: TestRule[] = [];
  for (const module of modules) {
    for (const rule of module.rules) {
      const head = rule.head.ref[0] as Term;
      const name = head.value.type === 'var' ? head.value.name : '';
      if (!name.startsWith('test_') || rule.kind !== 'complete' || rule.head.ref.length !== 1) continue;
      const entrypoint = [...module.packagePath, name].join('/');
      if (seen.has(entrypoint)) continue;
      seen.add(entrypoint);
      out.push({ module, rule, name, entrypoint });
    }
  }
  return out;
}

/** Rules `__sphere_probe_<test>_<k>` whose body is the first k expressions of the test's body. */
function withProbes(modules: Module[], test: TestRule): { modules: Module[]; probes: string[] } {
  const probes: string[] = [];
  const extra: Rule[] = test.rule.body.map((_, k) => {
    const name = `${PROBE}${test.name}_${k + 1}`;
    probes.push([...test.module.packagePath, name].join('/'));
    return { ...test.rule, head: { ...test.rule.head, ref: [{ value: { type: 'var', name }, loc: test.rule.loc }], value: undefined }, body: test.rule.body.slice(0, k + 1), else: undefined };
  });
  return { modules: modules.map((m) => (m === test.module ? { ...m, rules: [...m.rules, ...extra] } : m)), probes };
}

function sourceLine(sources: Map<string, string>, expr: Expr): string {
  const line = sources.get(expr.loc.file)?.split('\n')[expr.loc.row - 1]?.trim() ?? '';
  return `${expr.loc.file}:${expr.loc.row}: ${line}`;
}

export async function runRegoTests(options: { dir: string; data?: unknown; verbose?: boolean }): Promise<RegoTestReport> {
  // required lazily: the facade re-exports this module
  const { loadRegoDir, parseSources, compileModules, loadCompiled } = require('..') as typeof import('..');
  const sources = loadRegoDir(options.dir);
  const text = new Map(sources.map((s) => [s.file, s.text]));
  const modules = parseSources(sources);
  const tests = testRules(modules);
  const policy = await loadCompiled(await compileModules(modules, tests.map((t) => t.entrypoint)));
  policy.setData((options.data ?? {}) as object);
  const results: RegoTestResult[] = [];
  for (const test of tests) {
    const started = performance.now();
    const result: RegoTestResult = {
      name: `data.${[...test.module.packagePath, test.name].join('.')}`, package: test.module.packagePath.join('.'),
      file: test.rule.loc.file, row: test.rule.loc.row, col: test.rule.loc.col, pass: false, durationMs: 0,
    };
    try {
      const rs = policy.evaluate(undefined, test.entrypoint) as Array<{ result: unknown }>;
      result.pass = rs.length > 0 && rs[0]?.result === true;
    } catch (err) {
      result.error = errorMessage(err);
    }
    result.durationMs = performance.now() - started;
    if (!result.pass && !result.error && options.verbose) result.failedExpressions = await firstFailing(modules, test, options.data, text);
    results.push(result);
  }
  const passed = results.filter((r) => r.pass).length;
  return { results, passed, failed: results.length - passed };
}

async function firstFailing(modules: Module[], test: TestRule, data: unknown, text: Map<string, string>): Promise<string[]> {
  const { compileModules, loadCompiled } = require('..') as typeof import('..');
  const probed = withProbes(modules, test);
  try {
    const policy = await loadCompiled(await compileModules(probed.modules, probed.probes));
    policy.setData((data ?? {}) as object);
    for (let k = 0; k < probed.probes.length; k++) {
      const rs = policy.evaluate(undefined, probed.probes[k] as string) as unknown[];
      if (rs.length === 0) return [sourceLine(text, test.rule.body[k] as Expr)];
    }
    return ['every expression holds; the rule value is not true'];
  } catch (err) {
    return [`(could not probe the body: ${errorMessage(err)})`];
  }
}

export function formatTestReport(report: RegoTestReport, options: { verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const r of report.results) {
    if (!options.verbose && r.pass) continue;
    const status = r.pass ? 'PASS' : r.error ? 'ERROR' : 'FAIL';
    lines.push(`${r.file}:${r.row}:${r.col}: ${r.name}: ${status} (${r.durationMs.toFixed(2)}ms)${r.error ? `\n  ${r.error}` : ''}`);
    for (const e of r.failedExpressions ?? []) lines.push(`  failed at ${e}`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n');
}
