// `npm run conformance [-- <dir>] [--report file.json]`: OPA's conformance cases through Sphere's compiler.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runConformance, type CaseOutcome } from './runner';

const repoRoot = join(__dirname, '..', '..', '..', '..');
export const DEFAULT_CASES = join(repoRoot, '..', 'shared', 'rego-conformance', 'v1');

function table(outcomes: CaseOutcome[]): string {
  const byFolder = new Map<string, { passed: number; total: number }>();
  for (const o of outcomes) {
    const row = byFolder.get(o.folder) ?? { passed: 0, total: 0 };
    row.total += 1;
    if (o.passed) row.passed += 1;
    byFolder.set(o.folder, row);
  }
  const lines = [`${'folder'.padEnd(28)} ${'passed'.padStart(6)} ${'failed'.padStart(6)} ${'total'.padStart(6)}`];
  for (const [folder, r] of [...byFolder].sort()) lines.push(`${folder.padEnd(28)} ${String(r.passed).padStart(6)} ${String(r.total - r.passed).padStart(6)} ${String(r.total).padStart(6)}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const reportAt = args.indexOf('--report');
  const report = reportAt >= 0 ? resolve(args[reportAt + 1] ?? '') : join(repoRoot, '.sphere', 'conformance-report.json');
  const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--report') ?? DEFAULT_CASES);
  const outcomes = await runConformance(dir);
  console.log(table(outcomes));
  if (process.env.CONFORMANCE_VERBOSE) for (const o of outcomes.filter((x) => !x.passed)) console.log(`FAIL ${o.note}: ${o.reason}`);
  mkdirSync(dirname(report), { recursive: true });
  writeFileSync(report, JSON.stringify(outcomes, null, 2));
  const passed = outcomes.filter((o) => o.passed).length;
  console.log(`conformance: ${passed} passed, ${outcomes.length - passed} failed, ${outcomes.length} total`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
