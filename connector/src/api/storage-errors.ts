// Which failures mean "the database could not be used" (answered 503 unchecked, storage unavailable) as opposed to a
// bug or other unexpected failure (500 internal_error). Both leave the data unchecked; only the first is the database's.
import { CannotExecuteNotConnectedError, ConnectionIsNotSetError, QueryFailedError } from 'typeorm';

/** Network failures reaching MariaDB/MySQL (mysql2 passes Node's codes through). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'EHOSTDOWN',
  'ENETUNREACH', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLite result codes (SQLITE_BUSY, SQLITE_CANTOPEN, SQLITE_IOERR_…), MariaDB server errors (ER_…) and mysql2 client states. */
const DRIVER_CODE = /^(SQLITE_|ER_|PROTOCOL_|POOL_|HANDSHAKE_)/;
/** The driver's own words for a connection that is gone (better-sqlite3 says so in a TypeError). */
const CLOSED = /connection is not open|database connection is closed|pool is closed|connection lost|can't add new command when connection is in closed state/i;

type ErrorShape = { name?: unknown; code?: unknown; sqlState?: unknown; fatal?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };

function fromDriver(err: unknown, depth: number): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as ErrorShape;
  if (e.name === 'SqliteError') return true;
  if (typeof e.code === 'string' && (DRIVER_CODE.test(e.code) || NETWORK_CODES.has(e.code))) return true;
  if (typeof e.sqlState === 'string' || e.fatal === true) return true;
  if (typeof e.message === 'string' && CLOSED.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => fromDriver(inner, depth + 1))) return true; // AggregateError of a multi-address connect
  return fromDriver(e.cause, depth + 1);
}

/**
 * True for failures of the database layer: TypeORM's query and connection errors, SQLite errors (busy, locked, can't
 * open, I/O), MariaDB server and client errors and network errors reaching it. A QueryFailedError around a plain
 * TypeError/RangeError (a value the driver cannot bind: our bug) is not one, unless the driver says the connection is gone.
 */
export function isStorageError(err: unknown): boolean {
  if (err instanceof CannotExecuteNotConnectedError || err instanceof ConnectionIsNotSetError) return true;
  if (err instanceof QueryFailedError) {
    const cause = (err as { driverError?: unknown }).driverError;
    const jsBug = (cause instanceof TypeError || cause instanceof RangeError) && !CLOSED.test(cause.message);
    return !jsBug;
  }
  return fromDriver(err, 0);
}

/** Quoted parts of a message replaced: driver messages quote the values they failed on ("Duplicate entry 'x@y.de'"). */
export function withoutQuotedValues(message: string): string {
  return message.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, (q) => `${q[0]}…${q[0]}`).slice(0, 300);
}

/** For the log: a storage failure's kind and code, and its message without quoted values. */
export function describeStorageError(err: unknown): Record<string, unknown> {
  const e = (err ?? {}) as ErrorShape;
  return {
    type: typeof e.name === 'string' ? e.name : 'Error',
    code: typeof e.code === 'string' ? e.code : undefined,
    message: typeof e.message === 'string' ? withoutQuotedValues(e.message) : undefined,
  };
}

/**
 * For the log: an unexpected error's class and the code locations of its stack. Not its message, which may carry
 * request data (JSON.parse and BigInt messages quote the text they failed on).
 */
export function describeInternalError(err: unknown): Record<string, unknown> {
  const e = (err ?? {}) as { name?: unknown; stack?: unknown; constructor?: { name?: string } };
  const type = typeof e.name === 'string' ? e.name : (e.constructor?.name ?? typeof err);
  const frames = typeof e.stack === 'string' ? e.stack.split('\n').filter((l) => /^\s+at /.test(l)).map((l) => l.trim()).slice(0, 20) : [];
  return { type, stack: frames.join('\n') };
}
