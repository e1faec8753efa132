// Runs OPA's conformance cases (v1/test/cases/testdata YAML) through Sphere's compiler and the official
// SDK, the way OPA checks its own Wasm target: query `data.a.b.p = x` → entrypoint a/b/p, result [{x: V}].
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { errorMessage, RegoCompileError } from '../errors';
import { parseQuery } from '../parser';
import type { Body, Term } from '../ast/types';
import { compileSources, loadCompiled, testHostBuiltins, type RegoSource } from '..';

export interface ConformanceCase {
  note: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Array<Record<string, unknown>>;
  want_error_code?: string;
  want_error?: string;
  sort_bindings?: boolean;
  strict_error?: boolean;
}

export interface CaseOutcome {
  folder: string;
  note: string;
  passed: boolean;
  /** why it failed: the stage and message */
  reason?: string;
}

const QUERY_PREFIX = '__sphere_query';

export function loadCases(root: string): Array<{ folder: string; file: string; testCase: ConformanceCase }> {
  const out: Array<{ folder: string; file: string; testCase: ConformanceCase }> = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) {
        const doc = parseYaml(readFileSync(path, 'utf8'), { intAsBigInt: false }) as { cases?: ConformanceCase[] };
        for (const testCase of doc.cases ?? []) out.push({ folder: relative(root, dir) || '.', file: path, testCase });
      }
    }
  };
  walk(root);
  return out;
}

function queryVars(body: Body): string[] {
  const names = new Set<string>();
  const visit = (t: Term): void => {
    const v = t.value;
    if (v.type === 'var') {
      if (v.name !== '_' && v.name !== 'data' && v.name !== 'input' && !v.name.startsWith('$')) names.add(v.name);
    } else if (v.type === 'ref' || v.type === 'call') {
      (v.type === 'call' ? v.terms.slice(1) : v.terms).forEach(visit);
    } else if (v.type === 'array' || v.type === 'set') v.items.forEach(visit);
    else if (v.type === 'object') v.items.forEach(([k, x]) => { visit(k); visit(x); });
  };
  for (const expr of body) {
    const t = expr.terms;
    if ('type' in t && (t.type === 'some' || t.type === 'every')) continue;
    visit(t as Term);
  }
  return [...names];
}

/** The query as an entrypoint: a plain `data.x.y = v` is the rule itself, anything else a generated rule. */
function planQuery(query: string): { sources: RegoSource[]; entrypoint: string; bindings: (rs: unknown[]) => unknown[] } {
  const simple = /^\s*data\.([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)\s*=\s*([A-Za-z_]\w*)\s*$/.exec(query);
  // `input` and `data` on the right are documents to compare with, not variables to bind
  if (simple && simple[2] !== 'input' && simple[2] !== 'data') {
    const [, path, name] = simple as unknown as [string, string, string];
    return {
      sources: [], entrypoint: path.replace(/\./g, '/'),
      bindings: (rs) => rs.map((r) => ({ [name]: (r as { result: unknown }).result })),
    };
  }
  const vars = queryVars(parseQuery(query));
  const binding = `{${vars.map((v) => `${JSON.stringify(v)}: ${v}`).join(', ')}}`;
  const text = `package ${QUERY_PREFIX}\nresults contains ${binding} if {\n${query}\n}\n`;
  return {
    sources: [{ file: 'query.rego', text }], entrypoint: `${QUERY_PREFIX}/results`,
    bindings: (rs) => ((rs[0] as { result?: unknown[] } | undefined)?.result ?? []),
  };
}

async function inputOf(c: ConformanceCase): Promise<unknown> {
  if (c.input_term === undefined) return c.input;
  const wasm = await compileSources([{ file: 'input_term.rego', text: `package __sphere_input\nv := ${c.input_term}\n` }], ['__sphere_input/v']);
  const rs = (await loadCompiled(wasm, testHostBuiltins())).evaluate(undefined, '__sphere_input/v') as Array<{ result: unknown }>;
  return rs[0]?.result;
}

function errorClass(err: unknown): string {
  if (err instanceof RegoCompileError) return err.errors[0]?.code ?? 'rego_compile_error';
  const message = errorMessage(err);
  if (/must not produce multiple outputs|keys must be unique|conflict/.test(message)) return 'eval_conflict_error';
  return 'eval_error';
}

const canonical = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));

function sortedJson(list: unknown[]): string[] {
  return list.map((x) => JSON.stringify(x)).sort();
}

/** `sort_bindings`: each binding's value is a set dumped as an array, so its element order is not part of the answer. */
function withSortedValues(rows: unknown[]): unknown[] {
  return rows.map((row) => (row && typeof row === 'object' && !Array.isArray(row)
    ? Object.fromEntries(Object.entries(row).map(([name, v]) => [name, Array.isArray(v) ? sortedJson(v) : v]))
    : row));
}

export async function runCase(folder: string, c: ConformanceCase): Promise<CaseOutcome> {
  const outcome = (passed: boolean, reason?: string): CaseOutcome => ({ folder, note: c.note, passed, ...(reason ? { reason } : {}) });
  let stage = 'compile';
  try {
    const q = planQuery(c.query);
    const sources: RegoSource[] = [...(c.modules ?? []).map((text, i) => ({ file: `module${i}.rego`, text })), ...q.sources];
    const wasm = await compileSources(sources, [q.entrypoint]);
    stage = 'load';
    const policy = await loadCompiled(wasm, testHostBuiltins());
    policy.setData((c.data ?? {}) as object);
    stage = 'input';
    const input = await inputOf(c);
    stage = 'eval';
    const rs = policy.evaluate(input === undefined ? undefined : input, q.entrypoint) as unknown[];
    const got = canonical(q.bindings(rs)) as unknown[];
    if (c.want_error_code || c.want_error) {
      if (c.strict_error && got.length === 0) return outcome(true);
      return outcome(false, `expected error ${c.want_error_code ?? c.want_error}, got result ${JSON.stringify(got).slice(0, 200)}`);
    }
    const want = canonical(c.want_result ?? []) as unknown[];
    const same = c.sort_bindings
      ? isDeepStrictEqual(sortedJson(withSortedValues(got)), sortedJson(withSortedValues(want)))
      : isDeepStrictEqual(got, want) || isDeepStrictEqual(sortedJson(got), sortedJson(want));
    return same ? outcome(true) : outcome(false, `want ${JSON.stringify(want).slice(0, 200)}, got ${JSON.stringify(got).slice(0, 200)}`);
  } catch (err) {
    const cls = errorClass(err);
    if (c.want_error_code && (cls === c.want_error_code || (c.want_error_code.startsWith('rego_') && err instanceof RegoCompileError))) return outcome(true);
    if (c.want_error && !c.want_error_code) return outcome(true);
    const message = errorMessage(err);
    return outcome(false, `${stage}: ${message.split('\n')[0]?.slice(0, 240)}`);
  }
}

export async function runConformance(root: string): Promise<CaseOutcome[]> {
  const outcomes: CaseOutcome[] = [];
  for (const { folder, testCase } of loadCases(root)) outcomes.push(await runCase(folder, testCase));
  return outcomes;
}
