// `sphere log verify`: checks the decision log's hash chain and names the first broken row. `sphere log show <id>`: one
// logged decision as stored, as `GET /v1/log/decisions/{id}` answers it.
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
  log.command('show <decision-id>').description('print one logged decision as stored (input redacted) with its place in the hash chain').option(...dbOption)
    .action(async (id: string, opts: { db?: string }) => {
      const store = await openStore(parseDbUrl(resolveDb(opts.db)));
      try {
        const decision = await store.decisions.get(id);
        if (decision) {
          console.log(JSON.stringify(decision, null, 2));
        } else {
          console.error(`no decision ${JSON.stringify(id)} is logged in this database`);
          process.exitCode = 1;
        }
      } finally {
        await store.close();
      }
    });
}
