import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { prepareRuntime, startServer } from '../../server';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the decision API (configured by SPHERE_* environment variables and SPHERE_CONFIG)')
    .action(async () => {
      const config = loadConfig();
      const runtime = await prepareRuntime(config);
      const running = await startServer(runtime);
      // Tests and scripts wait for exactly this line.
      console.log(`sphere: listening on ${running.url}`);
      const stop = (): void => { void running.close().finally(() => process.exit(0)); };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
