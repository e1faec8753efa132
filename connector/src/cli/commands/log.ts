// `sphere log verify`: checks the decision log's hash chain and names the first broken row. `sphere log show <id>`: one
// logged decision as stored, as `GET /v1/log/decisions/{id}` answers it.
import type { Command } from 'commander';
import { dbOption, withStore } from './migrate';

/** A database without Sphere's tables answers with the table's name; the commands say what to do instead. */
function withoutDecisionLog(err: Error): never {
  if (/sphere_decisions/.test(err.message)) throw new Error(`this database has no decision log (${err.message}); run \`sphere migrate up\` first`);
  throw err;
}

export function registerLogCommands(program: Command): void {
  const log = program.command('log').description('decision log');
  log.command('verify').description('verify the hash chain of the decision log').option(...dbOption)
    .action((opts: { db?: string }) => withStore(opts.db, async (store) => {
      const result = await store.decisions.verify().catch(withoutDecisionLog);
      if (result.ok) {
        console.log(`ok: ${result.checked} decision(s), hash chain intact`);
      } else {
        const b = result.firstBroken;
        console.log(`BROKEN at seq ${b?.seq} (decision ${b?.id}): ${b?.reason}; ${result.checked} row(s) before it verified`);
        process.exitCode = 1;
      }
    }));
  log.command('show <decision-id>').description('print one logged decision as stored (input redacted) with its place in the hash chain').option(...dbOption)
    .action((id: string, opts: { db?: string }) => withStore(opts.db, async (store) => {
      const decision = await store.decisions.get(id).catch(withoutDecisionLog);
      if (decision) {
        console.log(JSON.stringify(decision, null, 2));
      } else {
        console.error(`no decision ${JSON.stringify(id)} is logged in this database`);
        process.exitCode = 1;
      }
    }));
}
