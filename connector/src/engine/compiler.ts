// Policy folder → tested bundle, for publishing: compile with Sphere's Rego compiler, run the folder's Rego tests.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundle, runRegoTests, formatRegoError, RegoCompileError } from '../rego';
import { errorMessage } from '../rego/errors';
import { POLICY_ENTRYPOINTS } from './policy-engine';

export class PolicyRejectedError extends Error {
  constructor(readonly stage: 'compile' | 'test' | 'bundle', readonly errors: string[]) {
    super(`policy ${stage} failed: ${errors.slice(0, 3).join('; ')}`);
  }
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
  if (err instanceof RegoCompileError) return err.errors.map(formatRegoError);
  return [errorMessage(err)];
}

/** Compiles a policy folder, runs its Rego tests and returns the bundle; any failure is a PolicyRejectedError with file:row:col lines. */
export async function compilePolicyDir(dir: string, revision: string): Promise<Buffer> {
  let data: Record<string, unknown>;
  try {
    data = readPackData(dir);
  } catch (err) {
    throw new PolicyRejectedError('bundle', [`data: ${(err as Error).message}`]);
  }
  let bundle: Buffer;
  try {
    bundle = await buildBundle({ dir, entrypoints: POLICY_ENTRYPOINTS, data, revision });
  } catch (err) {
    throw new PolicyRejectedError('compile', errorLines(err));
  }
  let report;
  try {
    report = await runRegoTests({ dir, data });
  } catch (err) {
    throw new PolicyRejectedError('test', errorLines(err));
  }
  const failures = report.results.filter((r) => !r.pass)
    .map((r) => `${r.file}:${r.row}:${r.col}: test ${r.name} ${r.error ? `errored: ${r.error}` : 'failed'}`);
  if (failures.length > 0) throw new PolicyRejectedError('test', failures);
  return bundle;
}
