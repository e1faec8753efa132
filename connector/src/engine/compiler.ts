// Adapter to Sphere's Rego→Wasm toolchain (connector/src/rego, owned by the compiler helpers): compile a source folder, run its tests.
// Loaded lazily so the connector can still serve prebuilt bundles while the toolchain is absent or broken.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DECISION_ENTRYPOINT } from './policy-engine';

interface RegoToolchain {
  buildBundle(options: { dir: string; entrypoints: string[]; data?: unknown; revision?: string }): Promise<Buffer> | Buffer;
  runRegoTests?: (options: Record<string, unknown>) => Promise<unknown> | unknown;
}

export class PolicyRejectedError extends Error {
  constructor(readonly stage: 'compile' | 'test' | 'bundle', readonly errors: string[]) {
    super(`policy ${stage} failed: ${errors.slice(0, 3).join('; ')}`);
  }
}

function toolchain(): RegoToolchain {
  const rego = require(join(__dirname, '..', 'rego')) as RegoToolchain;
  const testing = (() => {
    try {
      return require(join(__dirname, '..', 'rego', 'testing')) as Pick<RegoToolchain, 'runRegoTests'>;
    } catch {
      return {};
    }
  })();
  return { buildBundle: rego.buildBundle, runRegoTests: rego.runRegoTests ?? testing.runRegoTests };
}

/** Data documents of a policy pack: every JSON file under data/ becomes data.<basename> (e.g. data/guidelines.json → data.guidelines). */
export function readPackData(dir: string): Record<string, unknown> {
  const dataDir = join(dir, 'data');
  const out: Record<string, unknown> = {};
  if (!existsSync(dataDir)) return out;
  for (const name of readdirSync(dataDir).filter((n) => n.endsWith('.json')).sort()) {
    out[name.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dataDir, name), 'utf8'));
  }
  return out;
}

function errorLines(err: unknown): string[] {
  const e = err as { errors?: unknown[]; message?: string };
  if (Array.isArray(e?.errors) && e.errors.length > 0) {
    return e.errors.map((x) => {
      const d = x as { file?: string; row?: number; line?: number; col?: number; message?: string };
      return d && typeof d === 'object' && d.message ? `${d.file ?? '?'}:${d.row ?? d.line ?? 0}:${d.col ?? 0}: ${d.message}` : String(x);
    });
  }
  return [e?.message ?? String(err)];
}

/** Failing tests from whatever shape runRegoTests reports (list of results or {results}), as file:row:col lines. */
function failedTests(report: unknown): string[] {
  const r = report as { results?: unknown[]; failed?: unknown[] } | unknown[];
  const list = Array.isArray(r) ? r : Array.isArray(r?.results) ? r.results : Array.isArray(r?.failed) ? r.failed : [];
  return list
    .map((t) => t as { name?: string; file?: string; row?: number; line?: number; col?: number; pass?: boolean; passed?: boolean; fail?: boolean; error?: string; message?: string })
    .filter((t) => t.pass === false || t.passed === false || t.fail === true || (Array.isArray((r as { failed?: unknown[] }).failed) && !Array.isArray(r)))
    .map((t) => `${t.file ?? '?'}:${t.row ?? t.line ?? 0}:${t.col ?? 0}: test ${t.name ?? '?'} failed${t.error || t.message ? `: ${t.error ?? t.message}` : ''}`);
}

/** Compiles a policy folder, runs its Rego tests and returns the bundle; any failure is a PolicyRejectedError with file:row:col lines. */
export async function compilePolicyDir(dir: string, revision: string): Promise<Buffer> {
  let rego: RegoToolchain;
  try {
    rego = toolchain();
  } catch (err) {
    throw new PolicyRejectedError('compile', [`the Rego compiler is not available: ${(err as Error).message.split('\n')[0]}`]);
  }
  let bundle: Buffer;
  try {
    bundle = await rego.buildBundle({ dir, entrypoints: [DECISION_ENTRYPOINT], data: readPackData(dir), revision });
  } catch (err) {
    throw new PolicyRejectedError('compile', errorLines(err));
  }
  if (rego.runRegoTests) {
    let report: unknown;
    try {
      report = await rego.runRegoTests({ dir, data: readPackData(dir) });
    } catch (err) {
      throw new PolicyRejectedError('test', errorLines(err));
    }
    const failures = failedTests(report);
    if (failures.length > 0) throw new PolicyRejectedError('test', failures);
  }
  return bundle;
}
