import type { Location } from './ast/types';

/** Error classes as OPA names them, so messages match `opa` output. */
export type RegoErrorKind = 'parse_error' | 'compile_error' | 'unsafe_var_error' | 'recursion_error' | 'type_error';

export interface RegoErrorInfo {
  kind: RegoErrorKind;
  message: string;
  loc: Location;
}

/** One error as `file:row:col: rego_<kind>: message`, the format `opa` prints. */
export function formatRegoError(error: RegoErrorInfo): string {
  return `${error.loc.file}:${error.loc.row}:${error.loc.col}: rego_${error.kind}: ${error.message}`;
}

export class RegoCompileError extends Error {
  readonly errors: RegoErrorInfo[];

  constructor(errors: RegoErrorInfo[]) {
    super(errors.map(formatRegoError).join('\n'));
    this.name = 'RegoCompileError';
    this.errors = errors;
  }
}
