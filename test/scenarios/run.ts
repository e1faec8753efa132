// `npm run scenarios`: the shared legal scenarios through the compiled policy pack, as a table.
import { runScenarios } from './evaluate';

async function main(): Promise<void> {
  const results = await runScenarios();
  console.log(`${'id'.padEnd(5)} ${'expected'.padEnd(9)} ${'got'.padEnd(34)} rules`);
  for (const r of results) {
    console.log(`${r.passed ? ' ' : '✗'}${r.id.padEnd(4)} ${r.expected.padEnd(9)} ${r.got.padEnd(34)} ${r.rules.join(', ')}`);
  }
  const passed = results.filter((r) => r.passed).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  if (passed < results.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
