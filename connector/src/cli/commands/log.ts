// `sphere log verify`: checks the decision log's hash chain and names the first broken row.
import type { Command } from 'commander';
import { openStore, parseDbUrl } from '../../store';
import { dbOption, resolveDb } from './migrate';

export function registerLogCommands(program: Command): void {
  const log = program.command('log').description('decision log');
  log.command('verify').description('verify the hash chain of the decision log').option(...dbOption)
    .action(async (opts: { db?: string }) => {
      const store = await openStore(parseDbUrl(resolveDb(opts.db)));
      try {
        const result = await store.decisions.verify().catch((err: Error) => {
          if (/sphere_decisions/.test(err.message)) throw new Error(`this database has no decision log (${err.message}); run \`sphere migrate up\` first`);
          throw err;
        });
        if (result.ok) {
          console.log(`ok: ${result.checked} decision(s), hash chain intact`);
        } else {
          const b = result.firstBroken;
          console.log(`BROKEN at seq ${b?.seq} (decision ${b?.id}): ${b?.reason}; ${result.checked} row(s) before it verified`);
          process.exitCode = 1;
        }
      } finally {
        await store.close();
      }
    });
}
