// `sphere policy build|test|eval`: the Rego toolchain for the legal team and for CI.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { buildBundle, formatRegoError, formatTestReport, loadCompiled, readBundle, RegoCompileError, runRegoTests } from '../../rego';
import { readPackData } from '../../engine/compiler';

/** A usage or input problem: printed without a stack trace, exit code 2. */
class UsageError extends Error {}

function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new UsageError(`${what} ${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function requireDir(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new UsageError(`policy folder ${dir} does not exist`);
  return abs;
}

/** Runs a command body; compile errors print as file:row:col lines. */
function action<A extends unknown[]>(fn: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      process.exitCode = await fn(...args);
    } catch (err) {
      if (err instanceof RegoCompileError) {
        console.error(err.errors.map(formatRegoError).join('\n'));
        process.exitCode = 1;
      } else if (err instanceof UsageError) {
        console.error(`sphere: ${err.message}`);
        process.exitCode = 2;
      } else {
        throw err;
      }
    }
  };
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('compile, test and evaluate Rego policies');

  policy
    .command('build <dir>')
    .description('compile a policy folder into an OPA bundle (/policy.wasm, /data.json, /.manifest)')
    .requiredOption('-e, --entrypoint <pkg/rule>', 'entrypoint (repeatable)', collect, [])
    .requiredOption('-o, --output <file>', 'bundle file to write, e.g. bundle.tar.gz')
    .option('--data <file>', 'data document (default: the folder\'s data/*.json as data.<name>)')
    .option('--revision <rev>', 'revision recorded in the manifest')
    .action(action(async (dir: string, options: { entrypoint: string[]; output: string; data?: string; revision?: string }) => {
      const abs = requireDir(dir);
      const data = options.data ? readJson(options.data, 'data file') : readPackData(abs);
      const bundle = await buildBundle({ dir: abs, entrypoints: options.entrypoint, data, revision: options.revision });
      writeFileSync(options.output, bundle);
      console.log(`wrote ${options.output} (${bundle.length} bytes; entrypoints ${options.entrypoint.join(', ')})`);
      return 0;
    }));

  policy
    .command('test <dir>')
    .description('run every test_* rule like `opa test`')
    .option('-v, --verbose', 'list every test and show the expression a failing test stops at')
    .option('--data <file>', 'data document (default: the folder\'s data/*.json as data.<name>)')
    .action(action(async (dir: string, options: { verbose?: boolean; data?: string }) => {
      const abs = requireDir(dir);
      const data = options.data ? readJson(options.data, 'data file') : readPackData(abs);
      const report = await runRegoTests({ dir: abs, data, verbose: options.verbose });
      console.log(formatTestReport(report, { verbose: options.verbose }));
      return report.failed > 0 ? 1 : 0;
    }));

  policy
    .command('eval')
    .description('evaluate an entrypoint of a bundle and print the result set')
    .requiredOption('--bundle <file>', 'bundle .tar.gz')
    .requiredOption('-e, --entrypoint <pkg/rule>', 'entrypoint')
    .option('--input <file>', 'input document (JSON)')
    .option('--data <file>', 'data document replacing the bundle\'s data.json')
    .action(action(async (options: { bundle: string; entrypoint: string; input?: string; data?: string }) => {
      if (!existsSync(options.bundle)) throw new UsageError(`bundle ${options.bundle} does not exist`);
      let contents;
      try {
        contents = readBundle(readFileSync(options.bundle));
      } catch (err) {
        throw new UsageError(`bundle ${options.bundle}: ${(err as Error).message}`);
      }
      const loaded = await loadCompiled(contents.wasm);
      if (!(options.entrypoint in (loaded.entrypoints as Record<string, number>))) {
        throw new UsageError(`entrypoint ${options.entrypoint} is not in the bundle (has: ${Object.keys(loaded.entrypoints as object).join(', ')})`);
      }
      loaded.setData((options.data ? readJson(options.data, 'data file') : contents.data) as object);
      const input = options.input ? readJson(options.input, 'input file') : undefined;
      console.log(JSON.stringify(loaded.evaluate(input, options.entrypoint), null, 2));
      return 0;
    }));
}
