/** Errors of the libSQL HTTP server, and how engine errors map to the codes sqld reports. */
import type { ErrorJson } from './protocol';

/** A request the protocol does not allow; fails the whole HTTP request with 400 (and drops the stream). */
export class ProtocolError extends Error {
  constructor(
    message: string,
    readonly code = 'PROTOCOL_ERROR',
  ) {
    super(message);
  }
}

/** The baton belongs to a stream closed for inactivity; sqld answers 500 with code STREAM_EXPIRED. */
export class StreamExpiredError extends Error {
  readonly code = 'STREAM_EXPIRED';
  constructor() {
    super('The stream has expired due to inactivity');
  }
}

/** A failed request inside a pipeline; reported as a `{type: "error"}` result, the stream lives on. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Extended SQLite result code when the error came from the engine. */
    readonly sqliteCode?: number,
  ) {
    super(message);
  }

  toJson(): ErrorJson {
    return { message: this.message, code: this.code };
  }
}

export const SQLITE_BUSY = 5;

/**
 * sqld reports the primary result code the way rusqlite names it; rusqlite has no name for the generic
 * SQLITE_ERROR (1), so that one (and a few rarer codes) comes out as SQLITE_UNKNOWN.
 */
const SQLD_PRIMARY_CODE_NAMES = new Map<number, string>([
  [2, 'SQLITE_INTERNAL'],
  [3, 'SQLITE_PERM'],
  [4, 'SQLITE_ABORT'],
  [5, 'SQLITE_BUSY'],
  [6, 'SQLITE_LOCKED'],
  [7, 'SQLITE_NOMEM'],
  [8, 'SQLITE_READONLY'],
  [9, 'SQLITE_INTERRUPT'],
  [10, 'SQLITE_IOERR'],
  [11, 'SQLITE_CORRUPT'],
  [12, 'SQLITE_NOTFOUND'],
  [13, 'SQLITE_FULL'],
  [14, 'SQLITE_CANTOPEN'],
  [15, 'SQLITE_PROTOCOL'],
  [17, 'SQLITE_SCHEMA'],
  [18, 'SQLITE_TOOBIG'],
  [19, 'SQLITE_CONSTRAINT'],
  [20, 'SQLITE_MISMATCH'],
  [21, 'SQLITE_MISUSE'],
  [22, 'SQLITE_NOLFS'],
  [23, 'SQLITE_AUTH'],
  [25, 'SQLITE_RANGE'],
  [26, 'SQLITE_NOTADB'],
]);

const SYNTAX_ERROR_PATTERN = /syntax error|incomplete input|unrecognized token/;

/**
 * Maps an engine error to what sqld reports. sqld parses SQL itself before preparing it (syntax errors
 * become SQL_PARSE_ERROR) and reports other prepare-time errors ("no such table", "no such column") as
 * SQL_INPUT_ERROR; execution errors carry the primary SQLite code.
 */
export function requestErrorFromEngine(error: unknown, phase: 'prepare' | 'execute'): RequestError {
  if (error instanceof RequestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const rawCode = sqliteRawCode(error);
  if (rawCode === undefined) return new RequestError(`SQLite error: ${message}`, 'SQLITE_UNKNOWN');
  const primary = rawCode & 0xff;
  if (phase === 'prepare' && primary === 1) {
    return SYNTAX_ERROR_PATTERN.test(message)
      ? new RequestError(`SQL string could not be parsed: ${message}`, 'SQL_PARSE_ERROR', rawCode)
      : new RequestError(`SQL input error: ${message}`, 'SQL_INPUT_ERROR', rawCode);
  }
  const code = SQLD_PRIMARY_CODE_NAMES.get(primary) ?? 'SQLITE_UNKNOWN';
  return new RequestError(`SQLite error: ${message}`, code, rawCode);
}

function sqliteRawCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('rawCode' in error)) return undefined;
  const { rawCode } = error;
  return typeof rawCode === 'number' ? rawCode : undefined;
}

export function isSyntaxError(error: unknown): boolean {
  const rawCode = sqliteRawCode(error);
  return rawCode !== undefined && (rawCode & 0xff) === 1 && error instanceof Error && SYNTAX_ERROR_PATTERN.test(error.message);
}
