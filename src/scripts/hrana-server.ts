/**
 * A local server for the libSQL remote protocol ("Hrana over HTTP", JSON encoding) backed by a real
 * libSQL engine (the `libsql` package), so tests and `wrangler dev` (`npm run db:serve`) can talk to
 * a database over HTTP exactly like the Worker does against Turso in production.
 *
 * Behaviour mirrors sqld (libsql-server) where the client can observe it:
 * - `GET /v2` and `GET /v3` answer 200, `/v3-protobuf` answers 404 so version-probing clients fall back
 *   to JSON. `@libsql/client` 0.18 does not probe at all: it always uses `POST /v2/pipeline`.
 * - every stream (baton) owns its own connection, so BEGIN..COMMIT in a batch or an interactive
 *   transaction runs on one connection; batons are single-use and expire after 10 s of inactivity.
 * - SQL errors are per-request `{type: "error"}` results with sqld's codes (`SQLITE_CONSTRAINT`,
 *   `SQL_PARSE_ERROR`, `SQL_INPUT_ERROR`, `ARGS_INVALID`, ...); the server itself never fails on them.
 * - `affected_row_count` is only set for INSERT/UPDATE/DELETE and `last_insert_rowid` only for INSERT.
 * One deliberate difference: protocol errors (bad JSON, invalid baton, ...) answer 400 with a JSON
 * `{message, code}` body rather than sqld's plain text, so the client surfaces a machine-readable code.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';

export interface HranaServerOptions {
  /** Database file. Each stream opens its own connection to it, so it must be a real file. */
  dbPath: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Idle time after which an unused stream is closed (and its transaction rolled back). Default 10 s, as in sqld. */
  streamIdleTimeoutMs?: number;
}

export interface HranaServer {
  /** Base URL to pass to `createClient({ url })`. */
  readonly url: string;
  /** Number of pipeline HTTP requests received so far (one per client round trip). */
  readonly requests: number;
  close(): Promise<void>;
}

const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 10_000;
/** Expired batons are remembered this long so clients get "stream expired" instead of "invalid baton". */
const EXPIRED_STREAM_MEMORY_MS = 300_000;
/** How long a statement keeps retrying while another stream holds the write lock (sqld waits too). */
const BUSY_TIMEOUT_MS = 5_000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_STORED_SQL_COUNT = 50;
const MAX_STORED_SQL_BYTES = 5_000;
const SQLITE_MAX_VARIABLE_NUMBER = 32_766;
const INDEX_TEXT = 'Hello, this is HTTP API v2 (Hrana over HTTP)';

export async function startHranaServer(options: HranaServerOptions): Promise<HranaServer> {
  const { dbPath } = options;
  if (dbPath === '' || dbPath === ':memory:' || dbPath.startsWith('file::memory:')) {
    throw new Error('startHranaServer needs a database file: every stream opens its own connection');
  }
  const host = options.host ?? '127.0.0.1';

  // Fail fast on an unusable path, and switch to WAL like sqld so readers never block the writer.
  const bootstrap = new Database(dbPath);
  try {
    bootstrap.exec('PRAGMA journal_mode = WAL');
  } finally {
    bootstrap.close();
  }

  const streams = new StreamRegistry(dbPath, options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS);
  let pipelineRequests = 0;

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => sendFailure(res, error));
  });
  // A malformed HTTP request must not take the process down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    const pipelineVersion = PIPELINE_PATHS.get(path);
    if (pipelineVersion !== undefined) {
      if (method !== 'POST') return sendText(res, 405, 'Method not allowed', { allow: 'POST' });
      pipelineRequests += 1;
      const body = decodePipelineReqBody(parseJson(await readBody(req)));
      return sendJson(res, 200, await runPipeline(streams, body, pipelineVersion));
    }
    const readable = method === 'GET' || method === 'HEAD';
    if (path === '/' || path === '/v2' || path === '/v3') {
      return readable ? sendText(res, 200, INDEX_TEXT) : sendText(res, 405, 'Method not allowed', { allow: 'GET' });
    }
    if (path === '/health') {
      return readable ? sendText(res, 200, '') : sendText(res, 405, 'Method not allowed', { allow: 'GET' });
    }
    // Everything else, notably `/v3-protobuf` and the v3 cursor endpoint, is deliberately unsupported.
    return sendText(res, 404, 'Not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    get requests() {
      return pipelineRequests;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        streams.closeAll();
      });
      return closing;
    },
  };
}

const PIPELINE_PATHS = new Map<string, HranaVersion>([
  ['/v2/pipeline', 2],
  ['/v3/pipeline', 3],
]);

// ---------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------

/** A request the protocol does not allow; fails the whole HTTP request with 400 (and drops the stream). */
class ProtocolError extends Error {
  constructor(
    message: string,
    readonly code = 'PROTOCOL_ERROR',
  ) {
    super(message);
  }
}

/** The baton belongs to a stream closed for inactivity; sqld answers 500 with code STREAM_EXPIRED. */
class StreamExpiredError extends Error {
  readonly code = 'STREAM_EXPIRED';
  constructor() {
    super('The stream has expired due to inactivity');
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A failed request inside a pipeline; reported as a `{type: "error"}` result, the stream lives on. */
class RequestError extends Error {
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

const SQLITE_BUSY = 5;

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
function requestErrorFromEngine(error: unknown, phase: 'prepare' | 'execute'): RequestError {
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

function isSyntaxError(error: unknown): boolean {
  const rawCode = sqliteRawCode(error);
  return rawCode !== undefined && (rawCode & 0xff) === 1 && error instanceof Error && SYNTAX_ERROR_PATTERN.test(error.message);
}

// ---------------------------------------------------------------------------------------------------
// Wire format (JSON encoding of Hrana 2/3)
// ---------------------------------------------------------------------------------------------------

type HranaVersion = 2 | 3;

type SqlValue = null | bigint | number | string | Uint8Array;

type ValueJson =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

interface ErrorJson {
  message: string;
  code: string;
}

interface ColJson {
  name: string | null;
  decltype: string | null;
}

interface StmtResultJson {
  cols: ColJson[];
  rows: ValueJson[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

interface BatchResultJson {
  step_results: (StmtResultJson | null)[];
  step_errors: (ErrorJson | null)[];
}

interface DescribeResultJson {
  params: { name: string | null }[];
  cols: ColJson[];
  is_explain: boolean;
  is_readonly: boolean;
}

type StreamResponseJson =
  | { type: 'close' }
  | { type: 'execute'; result: StmtResultJson }
  | { type: 'batch'; result: BatchResultJson }
  | { type: 'sequence' }
  | { type: 'describe'; result: DescribeResultJson }
  | { type: 'store_sql' }
  | { type: 'close_sql' }
  | { type: 'get_autocommit'; is_autocommit: boolean };

type StreamResultJson = { type: 'ok'; response: StreamResponseJson } | { type: 'error'; error: ErrorJson };

interface PipelineRespJson {
  baton: string | null;
  base_url: string | null;
  results: StreamResultJson[];
}

interface ProtoStmt {
  sql: string | undefined;
  sqlId: number | undefined;
  args: SqlValue[];
  namedArgs: Map<string, SqlValue>;
  wantRows: boolean;
}

type ProtoBatchCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: ProtoBatchCond }
  | { type: 'and' | 'or'; conds: ProtoBatchCond[] }
  | { type: 'is_autocommit' };

interface ProtoBatchStep {
  condition: ProtoBatchCond | undefined;
  stmt: ProtoStmt;
}

type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: ProtoStmt }
  | { type: 'batch'; steps: ProtoBatchStep[] }
  | { type: 'sequence' | 'describe'; sql: string | undefined; sqlId: number | undefined }
  | { type: 'store_sql'; sqlId: number; sql: string }
  | { type: 'close_sql'; sqlId: number }
  | { type: 'get_autocommit' };

interface PipelineReqBody {
  baton: string | undefined;
  requests: StreamRequest[];
}

// Decoding validates everything up front, like sqld's serde layer: a malformed body is a 400, never a crash.

type JsonObject = Record<string, unknown>;

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProtocolError(`Cannot deserialize client message from JSON: ${reason}`, 'JSON_DESERIALIZE');
  }
}

function invalid(what: string): never {
  throw new ProtocolError(`Cannot deserialize client message from JSON: ${what}`, 'JSON_DESERIALIZE');
}

function expectObject(value: unknown, what: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(`${what} must be an object`);
  return value as JsonObject;
}

function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) invalid(`${what} must be an array`);
  return value;
}

function expectString(value: unknown, what: string): string {
  if (typeof value !== 'string') invalid(`${what} must be a string`);
  return value;
}

function optionalString(value: unknown, what: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, what);
}

function expectInt32(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31) {
    invalid(`${what} must be a 32-bit integer`);
  }
  return value;
}

function optionalInt32(value: unknown, what: string): number | undefined {
  return value === undefined || value === null ? undefined : expectInt32(value, what);
}

function optionalArray(value: unknown, what: string): unknown[] {
  return value === undefined || value === null ? [] : expectArray(value, what);
}

function decodePipelineReqBody(json: unknown): PipelineReqBody {
  const body = expectObject(json, 'request body');
  return {
    baton: optionalString(body['baton'], 'baton'),
    requests: expectArray(body['requests'], 'requests').map((request, i) => decodeStreamRequest(request, `requests[${i}]`)),
  };
}

function decodeStreamRequest(json: unknown, what: string): StreamRequest {
  const request = expectObject(json, what);
  const type = expectString(request['type'], `${what}.type`);
  switch (type) {
    case 'close':
    case 'get_autocommit':
      return { type };
    case 'execute':
      return { type, stmt: decodeStmt(request['stmt'], `${what}.stmt`) };
    case 'batch': {
      const batch = expectObject(request['batch'], `${what}.batch`);
      const steps = expectArray(batch['steps'], `${what}.batch.steps`).map((step, i) => {
        const stepWhat = `${what}.batch.steps[${i}]`;
        const obj = expectObject(step, stepWhat);
        const condition = obj['condition'];
        return {
          condition: condition === undefined || condition === null ? undefined : decodeCond(condition, `${stepWhat}.condition`),
          stmt: decodeStmt(obj['stmt'], `${stepWhat}.stmt`),
        };
      });
      return { type, steps };
    }
    case 'sequence':
    case 'describe':
      return {
        type,
        sql: optionalString(request['sql'], `${what}.sql`),
        sqlId: optionalInt32(request['sql_id'], `${what}.sql_id`),
      };
    case 'store_sql':
      return {
        type,
        sqlId: expectInt32(request['sql_id'], `${what}.sql_id`),
        sql: expectString(request['sql'], `${what}.sql`),
      };
    case 'close_sql':
      return { type, sqlId: expectInt32(request['sql_id'], `${what}.sql_id`) };
    default:
      throw new ProtocolError(`StreamRequest type not recognized: ${JSON.stringify(type)}`);
  }
}

function decodeStmt(json: unknown, what: string): ProtoStmt {
  const stmt = expectObject(json, what);
  const namedArgs = new Map<string, SqlValue>();
  optionalArray(stmt['named_args'], `${what}.named_args`).forEach((arg, i) => {
    const obj = expectObject(arg, `${what}.named_args[${i}]`);
    namedArgs.set(expectString(obj['name'], `${what}.named_args[${i}].name`), decodeValue(obj['value'], `${what}.named_args[${i}].value`));
  });
  const wantRows = stmt['want_rows'];
  if (wantRows !== undefined && wantRows !== null && typeof wantRows !== 'boolean') invalid(`${what}.want_rows must be a boolean`);
  return {
    sql: optionalString(stmt['sql'], `${what}.sql`),
    sqlId: optionalInt32(stmt['sql_id'], `${what}.sql_id`),
    args: optionalArray(stmt['args'], `${what}.args`).map((arg, i) => decodeValue(arg, `${what}.args[${i}]`)),
    namedArgs,
    wantRows: wantRows ?? true,
  };
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function decodeValue(json: unknown, what: string): SqlValue {
  const value = expectObject(json, what);
  const type = expectString(value['type'], `${what}.type`);
  switch (type) {
    case 'null':
      return null;
    case 'integer': {
      // 64-bit integers travel as decimal strings so they survive JSON.
      const text = expectString(value['value'], `${what}.value`);
      if (!/^-?\d{1,20}$/.test(text)) invalid(`${what}.value must be a decimal integer string`);
      const integer = BigInt(text);
      if (integer < INT64_MIN || integer > INT64_MAX) invalid(`${what}.value does not fit in 64 bits`);
      return integer;
    }
    case 'float': {
      const float = value['value'];
      if (typeof float !== 'number') invalid(`${what}.value must be a number`);
      return float;
    }
    case 'text':
      return expectString(value['value'], `${what}.value`);
    case 'blob': {
      const base64 = expectString(value['base64'], `${what}.base64`);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) invalid(`${what}.base64 is not valid base64`);
      return Buffer.from(base64, 'base64');
    }
    default:
      throw new ProtocolError(`Value type not recognized: ${JSON.stringify(type)}`);
  }
}

function decodeCond(json: unknown, what: string): ProtoBatchCond {
  const cond = expectObject(json, what);
  const type = expectString(cond['type'], `${what}.type`);
  switch (type) {
    case 'ok':
    case 'error': {
      const step = cond['step'];
      if (typeof step !== 'number' || !Number.isInteger(step) || step < 0) invalid(`${what}.step must be a non-negative integer`);
      return { type, step };
    }
    case 'not':
      return { type, cond: decodeCond(cond['cond'], `${what}.cond`) };
    case 'and':
    case 'or':
      return { type, conds: expectArray(cond['conds'], `${what}.conds`).map((c, i) => decodeCond(c, `${what}.conds[${i}]`)) };
    case 'is_autocommit':
      return { type };
    default:
      throw new ProtocolError(`BatchCond type not recognized: ${JSON.stringify(type)}`);
  }
}

function encodeValue(value: unknown): ValueJson {
  if (value === null || value === undefined) return { type: 'null' };
  // Statements run with safeIntegers(), so INTEGER values arrive as bigint and REAL values as number.
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) {
    return { type: 'blob', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64').replace(/=+$/, '') };
  }
  throw new Error(`Unexpected value from the engine: ${typeof value}`);
}

// ---------------------------------------------------------------------------------------------------
// SQL text analysis
//
// sqld parses every statement before running it: to reject strings holding several statements, to tell
// INSERT/UPDATE/DELETE apart (for affected_row_count/last_insert_rowid) and to split `sequence` scripts.
// The libsql binding silently ignores anything after the first statement, so the same has to be done
// here, with a tokenizer that follows SQLite's lexical rules.
// ---------------------------------------------------------------------------------------------------

type TokenKind = 'word' | 'string' | 'quoted' | 'number' | 'param' | 'semi' | 'lparen' | 'rparen' | 'other';

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
}

function isIdStart(ch: string): boolean {
  return /[A-Za-z_]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

function isIdChar(ch: string | undefined): boolean {
  return ch !== undefined && (/[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80);
}

/** Splits SQL into tokens, dropping whitespace and comments. Unterminated strings run to the end. */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number) => tokens.push({ kind, text: sql.slice(start, end), start, end });
  const skipIdChars = (from: number) => {
    let j = from;
    while (isIdChar(sql[j])) j += 1;
    return j;
  };
  const skipQuoted = (from: number, close: string) => {
    let j = from + 1;
    for (;;) {
      const end = sql.indexOf(close, j);
      if (end === -1) return sql.length;
      // A doubled closing quote is an escaped quote (not for [brackets]).
      if (close !== ']' && sql[end + 1] === close) j = end + 2;
      else return end + 1;
    }
  };

  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1];
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (ch === "'") {
      const end = skipQuoted(i, "'");
      push('string', i, end);
      i = end;
    } else if (ch === '"' || ch === '`' || ch === '[') {
      const end = skipQuoted(i, ch === '[' ? ']' : ch);
      push('quoted', i, end);
      i = end;
    } else if (ch === ';') {
      push('semi', i, i + 1);
      i += 1;
    } else if (ch === '(' || ch === ')') {
      push(ch === '(' ? 'lparen' : 'rparen', i, i + 1);
      i += 1;
    } else if (ch === '?') {
      let j = i + 1;
      while (/[0-9]/.test(sql[j] ?? '')) j += 1;
      push('param', i, j);
      i = j;
    } else if ((ch === ':' || ch === '@') && isIdChar(next)) {
      const end = skipIdChars(i + 1);
      push('param', i, end);
      i = end;
    } else if (ch === '$' && isIdChar(next)) {
      // Tcl-style variables may continue with `::name` segments and a `(suffix)`.
      let j = skipIdChars(i + 1);
      while (sql.startsWith('::', j)) j = skipIdChars(j + 2);
      if (sql[j] === '(') {
        const close = sql.indexOf(')', j);
        j = close === -1 ? sql.length : close + 1;
      }
      push('param', i, j);
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '.' && /[0-9]/.test(next ?? ''))) {
      let j = i + 1;
      while (j < sql.length) {
        const c = sql[j] ?? '';
        if ((c === 'e' || c === 'E') && (sql[j + 1] === '+' || sql[j + 1] === '-')) j += 2;
        else if (/[0-9A-Za-z_.]/.test(c)) j += 1;
        else break;
      }
      push('number', i, j);
      i = j;
    } else if (isIdStart(ch)) {
      const end = skipIdChars(i + 1);
      push('word', i, end);
      i = end;
    } else {
      push('other', i, i + 1);
      i += 1;
    }
  }
  return tokens;
}

/**
 * Transition table of SQLite's `sqlite3_complete()`: a `;` only ends a statement when it brings the
 * machine back to START, which keeps the `;`-separated body of CREATE TRIGGER ... END together.
 * Columns: SEMI, OTHER, EXPLAIN, CREATE, TEMP, TRIGGER, END. Rows: states 1..7 (index 0 unused).
 */
const COMPLETE_TRANSITIONS: readonly (readonly number[])[] = [
  [1, 2, 3, 4, 2, 2, 2],
  [1, 2, 3, 4, 2, 2, 2], // 1 START
  [1, 2, 2, 2, 2, 2, 2], // 2 NORMAL
  [1, 3, 2, 4, 2, 2, 2], // 3 EXPLAIN
  [1, 2, 2, 2, 4, 5, 2], // 4 CREATE
  [6, 5, 5, 5, 5, 5, 5], // 5 TRIGGER
  [6, 5, 5, 5, 5, 5, 7], // 6 SEMI
  [1, 5, 5, 5, 5, 5, 5], // 7 END
];

function completeTokenClass(token: Token): number {
  if (token.kind === 'semi') return 0;
  if (token.kind !== 'word') return 1;
  switch (token.text.toUpperCase()) {
    case 'EXPLAIN':
      return 2;
    case 'CREATE':
      return 3;
    case 'TEMP':
    case 'TEMPORARY':
      return 4;
    case 'TRIGGER':
      return 5;
    case 'END':
      return 6;
    default:
      return 1;
  }
}

interface SqlStatement {
  sql: string;
  /** INSERT, UPDATE or DELETE (possibly behind WITH): the only statements whose row count sqld reports. */
  isIud: boolean;
  isInsert: boolean;
  isExplain: boolean;
  isReadonly: boolean;
  /** Parameter name per index (`null` for a bare `?`), as sqlite3_bind_parameter_name() would report. */
  params: (string | null)[];
}

/** Splits a SQL string into statements; empty statements (`;;`, comments) are dropped. */
function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  let state = 1;
  const flush = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first !== undefined && last !== undefined) {
      statements.push(analyzeStatement(sql.slice(first.start, last.end), current));
    }
    current = [];
  };
  for (const token of tokenize(sql)) {
    const nextState = COMPLETE_TRANSITIONS[state]?.[completeTokenClass(token)] ?? 2;
    if (token.kind === 'semi' && nextState === 1) flush();
    else current.push(token);
    state = nextState;
  }
  flush();
  return statements;
}

const MAIN_VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE']);
const READONLY_VERBS = new Set(['SELECT', 'VALUES', 'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

function analyzeStatement(sql: string, tokens: Token[]): SqlStatement {
  const word = (token: Token | undefined) => (token?.kind === 'word' ? token.text.toUpperCase() : undefined);
  const isExplain = word(tokens[0]) === 'EXPLAIN';
  let verb = word(tokens[0]);
  if (verb === 'WITH') {
    // The statement's verb is the first SELECT/INSERT/... outside the parenthesised CTE bodies.
    let depth = 0;
    verb = undefined;
    for (const token of tokens.slice(1)) {
      if (token.kind === 'lparen') depth += 1;
      else if (token.kind === 'rparen') depth -= 1;
      else if (depth === 0 && MAIN_VERBS.has(word(token) ?? '')) {
        verb = word(token);
        break;
      }
    }
  }
  const isInsert = !isExplain && (verb === 'INSERT' || verb === 'REPLACE');
  const isIud = isInsert || (!isExplain && (verb === 'UPDATE' || verb === 'DELETE'));
  return {
    sql,
    isIud,
    isInsert,
    isExplain,
    isReadonly: isExplain || READONLY_VERBS.has(verb ?? ''),
    params: parameterTable(tokens),
  };
}

/** Replicates SQLite's numbering of `?`, `?NNN`, `:name`, `@name` and `$name` parameters. */
function parameterTable(tokens: Token[]): (string | null)[] {
  const names: (string | null)[] = [];
  const indexByName = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'param') continue;
    const { text } = token;
    if (text === '?') {
      names.push(null);
    } else if (text.startsWith('?')) {
      const index = Number(text.slice(1));
      if (!Number.isInteger(index) || index < 1 || index > SQLITE_MAX_VARIABLE_NUMBER) continue; // prepare rejects it
      while (names.length < index) names.push(null);
      if (names[index - 1] === null) names[index - 1] = text;
    } else if (!indexByName.has(text)) {
      names.push(text);
      indexByName.set(text, names.length);
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------
// Execution
// ---------------------------------------------------------------------------------------------------

type Statement = Database.Statement;

/** One libSQL connection, owned by exactly one stream. */
class SqlConnection {
  readonly #db: Database.Database;
  #changes: Statement | undefined;
  #open = true;

  constructor(dbPath: string) {
    this.#db = new Database(dbPath);
    try {
      // Turso enforces foreign keys; plain SQLite connections do not unless asked.
      this.#db.exec('PRAGMA foreign_keys = ON');
    } catch (error) {
      this.#db.close();
      throw error;
    }
  }

  get isAutocommit(): boolean {
    return !this.#db.inTransaction;
  }

  prepare(sql: string): Statement {
    return this.#db.prepare(sql);
  }

  /** sqlite3_changes() and sqlite3_last_insert_rowid() of the last statement, as exact integers. */
  lastChanges(): { changes: bigint; lastInsertRowid: bigint } {
    this.#changes ??= this.#db.prepare('SELECT changes(), last_insert_rowid()').raw(true).safeIntegers(true);
    const row = this.#changes.all()[0];
    if (!Array.isArray(row) || typeof row[0] !== 'bigint' || typeof row[1] !== 'bigint') {
      throw new Error('Unexpected result of SELECT changes(), last_insert_rowid()');
    }
    return { changes: row[0], lastInsertRowid: row[1] };
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    try {
      // close() only detaches the handle while statement objects are still alive, so an open
      // transaction (and its write lock) would linger until garbage collection: end it explicitly.
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    } catch {
      // Nothing more can be done for a connection that is going away.
    }
    this.#db.close();
  }
}

interface Query {
  statement: SqlStatement;
  args: SqlValue[];
  namedArgs: Map<string, SqlValue>;
  wantRows: boolean;
}

function resolveSql(sql: string | undefined, sqlId: number | undefined, stored: Map<number, string>): string {
  if (sql !== undefined && sqlId !== undefined) throw new ProtocolError('Either `sql` or `sql_id` are required, but not both');
  if (sql !== undefined) return sql;
  if (sqlId === undefined) throw new ProtocolError('Either `sql` or `sql_id` are required');
  const found = stored.get(sqlId);
  if (found === undefined) throw new ProtocolError(`SQL text ${sqlId} not found`, 'SQL_NOT_FOUND');
  return found;
}

function singleStatement(sql: string): SqlStatement {
  const statements = splitStatements(sql);
  const [statement] = statements;
  if (statement === undefined) throw new RequestError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
  if (statements.length > 1) throw new RequestError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
  return statement;
}

/**
 * sqld parses a whole batch or sequence before running any of it, so a syntax error anywhere means that
 * nothing runs. Preparing a statement has no side effects; errors other than syntax errors (e.g. a table
 * created by an earlier step) are left for execution time.
 */
function checkSyntax(conn: SqlConnection, statement: SqlStatement): void {
  try {
    conn.prepare(statement.sql);
  } catch (error) {
    if (isSyntaxError(error)) throw requestErrorFromEngine(error, 'prepare');
  }
}

function compileQuery(conn: SqlConnection, stmt: ProtoStmt, stored: Map<number, string>, upfrontSyntaxCheck: boolean): Query {
  const statement = singleStatement(resolveSql(stmt.sql, stmt.sqlId, stored));
  if (upfrontSyntaxCheck) checkSyntax(conn, statement);
  if (stmt.args.length > 0 && stmt.namedArgs.size > 0) {
    throw new RequestError('Specifying both positional and named arguments is not supported', 'ARGS_BOTH_POSITIONAL_AND_NAMED');
  }
  return { statement, args: stmt.args, namedArgs: stmt.namedArgs, wantRows: stmt.wantRows };
}

/**
 * Lays the arguments out by parameter index, following sqld's rules: `?NNN` takes positional argument
 * NNN, `:name` takes named argument `:name` or `name`, a bare `?` takes the positional argument at its
 * index. Binding by index also avoids the native binding's crash on objects mixed with bare `?`.
 */
function bindArguments(query: Query): SqlValue[] {
  const { params, isExplain } = query.statement;
  const given = query.namedArgs.size > 0 ? query.namedArgs.size : query.args.length;
  if (given > params.length) {
    throw new RequestError(
      `Arguments do not match SQL parameters: too many parameters, expected ${params.length} found ${given}`,
      'ARGS_INVALID',
    );
  }
  const bound: SqlValue[] = [];
  for (const [i, name] of params.entries()) {
    let value: SqlValue | undefined;
    if (name === null) value = query.args[i];
    else if (name.startsWith('?')) value = query.args[Number(name.slice(1)) - 1];
    else value = query.namedArgs.has(name) ? query.namedArgs.get(name) : query.namedArgs.get(name.slice(1));
    if (value === undefined) {
      if (isExplain) break;
      throw new RequestError(`Arguments do not match SQL parameters: value for parameter ${name ?? i + 1} not found`, 'ARGS_INVALID');
    }
    bound.push(value);
  }
  return bound;
}

function prepareStatement(conn: SqlConnection, statement: SqlStatement): Statement {
  try {
    return conn.prepare(statement.sql);
  } catch (error) {
    throw requestErrorFromEngine(error, 'prepare');
  }
}

function runStatement(conn: SqlConnection, stmt: Statement, args: SqlValue[], query: Query): StmtResultJson {
  let cols: ColJson[] = [];
  let rows: ValueJson[][] = [];
  try {
    if (stmt.reader) {
      // Always run to completion: a half-stepped statement would keep its read snapshot open.
      const raw = stmt.raw(true).safeIntegers(true).all(args);
      cols = stmt.columns().map((col) => ({ name: col.name, decltype: col.type }));
      if (query.wantRows) {
        rows = raw.map((row) => {
          if (!Array.isArray(row)) throw new Error('Expected a raw row');
          return row.map(encodeValue);
        });
      }
    } else {
      stmt.run(args);
    }
  } catch (error) {
    throw requestErrorFromEngine(error, 'execute');
  }
  const { isIud, isInsert } = query.statement;
  const changes = isIud ? conn.lastChanges() : undefined;
  return {
    cols,
    rows,
    affected_row_count: changes === undefined ? 0 : Number(changes.changes),
    last_insert_rowid: isInsert && changes !== undefined ? changes.lastInsertRowid.toString() : null,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retries `attempt` while it fails with SQLITE_BUSY, i.e. while another stream holds the write lock.
 * The engine is synchronous, so a native busy timeout would block the event loop and with it the stream
 * that has to release the lock; waiting asynchronously lets that stream commit, as sqld lets writers wait.
 */
async function retryWhileBusy<T>(attempt: () => T, deadline: number): Promise<T> {
  let delay = 1;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      const busy = error instanceof RequestError && error.sqliteCode === SQLITE_BUSY;
      if (!busy || Date.now() >= deadline) throw error;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
}

async function executeQuery(conn: SqlConnection, query: Query): Promise<StmtResultJson> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const stmt = await retryWhileBusy(() => prepareStatement(conn, query.statement), deadline);
  const args = bindArguments(query);
  // Retry with the same statement object: running it again resets it, whereas a fresh one would leave
  // the busy one "in progress", and SQLite refuses to COMMIT while a statement is in progress.
  return retryWhileBusy(() => runStatement(conn, stmt, args, query), deadline);
}

function validateCond(cond: ProtoBatchCond, stepIndex: number, version: HranaVersion): void {
  switch (cond.type) {
    case 'ok':
    case 'error':
      // A condition may only look back at earlier steps.
      if (cond.step >= stepIndex) throw new ProtocolError('Invalid reference to step in a batch condition', 'BATCH_COND_BAD_STEP');
      return;
    case 'not':
      return validateCond(cond.cond, stepIndex, version);
    case 'and':
    case 'or':
      return cond.conds.forEach((c) => validateCond(c, stepIndex, version));
    case 'is_autocommit':
      if (version < 3) throw new ProtocolError('BatchCond of type `is_autocommit` is only supported in protocol version hrana3 and higher');
      return;
  }
}

/** `executed[i]` is true when step i ran without error. Like sqld, `error` is simply "not ok". */
function evalCond(cond: ProtoBatchCond, executed: boolean[], conn: SqlConnection): boolean {
  switch (cond.type) {
    case 'ok':
      return executed[cond.step] === true;
    case 'error':
      return executed[cond.step] !== true;
    case 'not':
      return !evalCond(cond.cond, executed, conn);
    case 'and':
      return cond.conds.every((c) => evalCond(c, executed, conn));
    case 'or':
      return cond.conds.some((c) => evalCond(c, executed, conn));
    case 'is_autocommit':
      return conn.isAutocommit;
  }
}

async function executeBatch(conn: SqlConnection, steps: { condition: ProtoBatchCond | undefined; query: Query }[]): Promise<BatchResultJson> {
  const result: BatchResultJson = { step_results: [], step_errors: [] };
  const executed: boolean[] = [];
  for (const step of steps) {
    let ok = false;
    if (step.condition === undefined || evalCond(step.condition, executed, conn)) {
      try {
        result.step_results.push(await executeQuery(conn, step.query));
        result.step_errors.push(null);
        ok = true;
      } catch (error) {
        if (!(error instanceof RequestError)) throw error;
        result.step_results.push(null);
        result.step_errors.push(error.toJson());
      }
    } else {
      result.step_results.push(null);
      result.step_errors.push(null);
    }
    executed.push(ok);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Streams and batons
// ---------------------------------------------------------------------------------------------------

interface HranaStream {
  readonly id: string;
  /** Undefined once the client sent `close`. */
  conn: SqlConnection | undefined;
  readonly sqls: Map<number, string>;
  /** Sequence number expected in the next baton; batons are single-use, as in sqld. */
  seq: number;
  acquired: boolean;
  expiry: NodeJS.Timeout | undefined;
}

class StreamRegistry {
  readonly #streams = new Map<string, HranaStream>();
  readonly #expired = new Map<string, number>();

  constructor(
    readonly dbPath: string,
    readonly idleTimeoutMs: number,
  ) {}

  acquire(baton: string | undefined): HranaStream {
    if (baton === undefined) {
      const stream: HranaStream = {
        id: randomBytes(16).toString('base64url'),
        conn: new SqlConnection(this.dbPath),
        sqls: new Map(),
        seq: randomBytes(4).readUInt32BE(),
        acquired: true,
        expiry: undefined,
      };
      this.#streams.set(stream.id, stream);
      return stream;
    }
    const separator = baton.lastIndexOf('.');
    const id = baton.slice(0, separator);
    const seq = Number(baton.slice(separator + 1));
    const stream = separator === -1 ? undefined : this.#streams.get(id);
    if (stream === undefined) {
      this.#forgetOldExpired();
      if (this.#expired.has(id)) throw new StreamExpiredError();
      throw new ProtocolError('Received an invalid baton', 'BATON_INVALID');
    }
    if (stream.acquired || stream.seq !== seq) {
      throw new ProtocolError('Received a baton that has already been used', 'BATON_REUSED');
    }
    clearTimeout(stream.expiry);
    stream.acquired = true;
    stream.seq += 1;
    return stream;
  }

  /** Makes the stream available again and returns its next baton, or null once it is closed. */
  release(stream: HranaStream): string | null {
    if (stream.conn === undefined) {
      this.#streams.delete(stream.id);
      return null;
    }
    stream.acquired = false;
    stream.expiry = setTimeout(() => this.#expire(stream), this.idleTimeoutMs);
    stream.expiry.unref();
    return `${stream.id}.${stream.seq}`;
  }

  /** Drops a stream after a failed request, as sqld does. */
  destroy(stream: HranaStream): void {
    clearTimeout(stream.expiry);
    stream.conn?.close();
    stream.conn = undefined;
    this.#streams.delete(stream.id);
  }

  closeAll(): void {
    for (const stream of this.#streams.values()) this.destroy(stream);
    this.#expired.clear();
  }

  #expire(stream: HranaStream): void {
    if (stream.acquired || this.#streams.get(stream.id) !== stream) return;
    this.destroy(stream);
    this.#forgetOldExpired();
    this.#expired.set(stream.id, Date.now());
  }

  #forgetOldExpired(): void {
    const cutoff = Date.now() - EXPIRED_STREAM_MEMORY_MS;
    for (const [id, expiredAt] of this.#expired) {
      if (expiredAt < cutoff) this.#expired.delete(id);
    }
  }
}

function requireConn(stream: HranaStream): SqlConnection {
  if (stream.conn === undefined) throw new ProtocolError('Stream for this baton was closed', 'BATON_STREAM_CLOSED');
  return stream.conn;
}

async function runPipeline(streams: StreamRegistry, body: PipelineReqBody, version: HranaVersion): Promise<PipelineRespJson> {
  const stream = streams.acquire(body.baton);
  try {
    const results: StreamResultJson[] = [];
    // Requests run strictly in order; a failing request does not stop the ones after it.
    for (const request of body.requests) {
      try {
        results.push({ type: 'ok', response: await handleRequest(stream, request, version) });
      } catch (error) {
        if (!(error instanceof RequestError)) throw error;
        results.push({ type: 'error', error: error.toJson() });
      }
    }
    return { baton: streams.release(stream), base_url: null, results };
  } catch (error) {
    streams.destroy(stream);
    throw error;
  }
}

async function handleRequest(stream: HranaStream, request: StreamRequest, version: HranaVersion): Promise<StreamResponseJson> {
  switch (request.type) {
    case 'close':
      stream.conn?.close();
      stream.conn = undefined;
      return { type: 'close' };

    case 'execute': {
      const conn = requireConn(stream);
      const query = compileQuery(conn, request.stmt, stream.sqls, false);
      return { type: 'execute', result: await executeQuery(conn, query) };
    }

    case 'batch': {
      const conn = requireConn(stream);
      const steps = request.steps.map((step, i) => {
        const query = compileQuery(conn, step.stmt, stream.sqls, true);
        if (step.condition !== undefined) validateCond(step.condition, i, version);
        return { condition: step.condition, query };
      });
      return { type: 'batch', result: await executeBatch(conn, steps) };
    }

    case 'sequence': {
      const conn = requireConn(stream);
      const statements = splitStatements(resolveSql(request.sql, request.sqlId, stream.sqls));
      statements.forEach((statement) => checkSyntax(conn, statement));
      // Each statement runs only if the previous one succeeded; the first error fails the request.
      for (const statement of statements) {
        await executeQuery(conn, { statement, args: [], namedArgs: new Map(), wantRows: false });
      }
      return { type: 'sequence' };
    }

    case 'describe': {
      const conn = requireConn(stream);
      const statement = singleStatement(resolveSql(request.sql, request.sqlId, stream.sqls));
      const stmt = prepareStatement(conn, statement);
      return {
        type: 'describe',
        result: {
          params: statement.params.map((name) => ({ name })),
          cols: stmt.reader ? stmt.columns().map((col) => ({ name: col.name, decltype: col.type })) : [],
          is_explain: statement.isExplain,
          is_readonly: statement.isReadonly,
        },
      };
    }

    case 'store_sql': {
      if (stream.sqls.has(request.sqlId)) throw new ProtocolError(`SQL text ${request.sqlId} already exists`, 'SQL_EXISTS');
      if (stream.sqls.size >= MAX_STORED_SQL_COUNT) {
        throw new RequestError(`The server already stores ${stream.sqls.size} SQL texts, it cannot store more`, 'SQL_STORE_TOO_MANY');
      }
      const bytes = Buffer.byteLength(request.sql);
      if (bytes > MAX_STORED_SQL_BYTES) {
        throw new RequestError(`The statement is too large to be stored: ${bytes} B/${MAX_STORED_SQL_BYTES} B`, 'SQL_STORE_TOO_LARGE');
      }
      stream.sqls.set(request.sqlId, request.sql);
      return { type: 'store_sql' };
    }

    case 'close_sql':
      stream.sqls.delete(request.sqlId);
      return { type: 'close_sql' };

    case 'get_autocommit':
      if (version < 3) throw new ProtocolError('The `get_autocommit` request is only supported in protocol version hrana3 and higher');
      return { type: 'get_autocommit', is_autocommit: requireConn(stream).isAutocommit };
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  // The client only parses error bodies whose content type is exactly "application/json".
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof ProtocolError) return sendJson(res, 400, { message: error.message, code: error.code });
  if (error instanceof StreamExpiredError) return sendJson(res, 500, { message: error.message, code: error.code });
  if (error instanceof HttpError) {
    sendText(res, error.status, error.message, { connection: 'close' });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  sendJson(res, 500, { message: `Internal server error: ${message}`, code: 'INTERNAL_ERROR' });
}
