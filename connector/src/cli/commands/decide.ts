import type { Command } from 'commander';

export function registerDecideCommand(program: Command): void {
  void program;
}
