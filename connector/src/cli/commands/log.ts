import type { Command } from 'commander';

export function registerLogCommands(program: Command): void {
  void program;
}
