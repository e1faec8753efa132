// `sphere` command line: each command group lives in its own module under ./commands.
import { Command } from 'commander';
import { errorMessage } from '../rego/errors';
import { registerPolicyCommands } from './commands/policy';
import { registerDecideCommand } from './commands/decide';
import { registerServeCommand } from './commands/serve';
import { registerMigrateCommands } from './commands/migrate';
import { registerLogCommands } from './commands/log';
import { registerPublishCommand } from './commands/publish';
import { registerReportCommands } from './commands/report';

const program = new Command('sphere')
  .description('Sphere — privacy shield for SuiteCRM')
  .showHelpAfterError();

registerPolicyCommands(program);
registerDecideCommand(program);
registerServeCommand(program);
registerMigrateCommands(program);
registerLogCommands(program);
registerPublishCommand(program);
registerReportCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(errorMessage(err));
  process.exitCode = 1;
});
