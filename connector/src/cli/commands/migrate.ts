import type { Command } from 'commander';

export function registerMigrateCommands(program: Command): void {
  void program;
}
