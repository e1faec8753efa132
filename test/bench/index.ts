// `npm run bench`: runs every *.bench.ts beside this file in turn; each prints its figures with the budget beside them.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  // The benches compile policies and start connectors: both need the Rego Wasm runtime that `npm run build` makes.
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'rego-runtime.wasm'))) {
    console.log('building first (dist/rego-runtime.wasm is missing) …');
    execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build.js')], { stdio: 'inherit' });
  }
  const only = process.argv[2];
  const benches = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !only || f.startsWith(only))
    .sort();
  for (const file of benches) {
    console.log(`\n== ${file} ==`);
    // require, not import(): the bench files are TypeScript that only ts-node's require hook can load
    const mod = require(join(__dirname, file)) as { run: () => Promise<void> };
    await mod.run();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
