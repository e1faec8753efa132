import type { RegoErrorInfo } from './ast/types';

export type { RegoErrorInfo };

/** One error as `file:row:col: rego_<kind>: message`, the format `opa` prints. */
export function formatRegoError(error: RegoErrorInfo): string {
  return `${error.loc.file}:${error.loc.row}:${error.loc.col}: ${error.code}: ${error.message}`;
}

export class RegoCompileError extends Error {
  readonly errors: RegoErrorInfo[];

  constructor(errors: RegoErrorInfo[]) {
    super(errors.map(formatRegoError).join('\n'));
    this.name = 'RegoCompileError';
    this.errors = errors;
  }
}

/** The message of anything thrown: the SDK throws plain `{ message }` objects for some failures (a built-in the host does not supply). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  const message = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(err);
}
