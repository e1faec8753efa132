import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { createLogger } from '../../logging';
import { openRuntime, type Runtime } from '../../server';
import { checkEvent } from '../../api/validate-event';
import { DecisionService } from '../../workflows/decision-service';
import { planMailing } from '../../workflows/mailing-plan';

/** The database's active revision, else the policy folder compiled in memory: deciding must never publish or activate a policy. */
async function loadPolicyReadOnly({ publisher, config }: Runtime): Promise<void> {
  if (await publisher.loadActive()) return;
  if (!existsSync(config.policyDir)) throw new Error(`no policy revision is active and the policy folder ${config.policyDir} does not exist`);
  await publisher.loadUnpublished(config.policyDir);
}

export function registerDecideCommand(program: Command): void {
  program
    .command('decide')
    .description('evaluate one event (JSON file) against the active policy of the configured database (none active: the policy folder, compiled in memory, never published) and print the decision')
    .requiredOption('--input <file>', 'event JSON file (policies/schema/event.schema.json)')
    .action(async (options: { input: string }) => {
      let body: unknown;
      try {
        body = JSON.parse(readFileSync(options.input, 'utf8'));
      } catch (err) {
        throw new Error(`--input ${options.input}: ${(err as Error).message}`);
      }
      const event = checkEvent(body);
      const config = loadConfig({ SPHERE_SHARED_SECRET: 'local-cli-no-http-auth', ...process.env });
      // Logs go to stderr so stdout stays pure decision JSON.
      const runtime = await openRuntime(config, createLogger(process.env.SPHERE_LOG_LEVEL ?? 'warn', process.stderr as never));
      try {
        await loadPolicyReadOnly(runtime);
        const service = new DecisionService(runtime.store, runtime.engine, runtime.metrics, runtime.log);
        const answer = event.event === 'mailing.plan' ? await planMailing(service, event) : await service.decide(event);
        console.log(JSON.stringify(answer, null, 2));
      } finally {
        await runtime.store.close();
      }
    });
}
