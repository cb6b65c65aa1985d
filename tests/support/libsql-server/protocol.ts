/**
 * The wire format: the JSON encoding of Hrana 2/3 over HTTP. Pipeline request bodies are decoded and
 * validated up front, values are encoded back.
 */
import { ProtocolError } from './errors';

export type HranaVersion = 2 | 3;

export type SqlValue = null | bigint | number | string | Uint8Array;

export type ValueJson =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

export interface ErrorJson {
  message: string;
  code: string;
}

export interface ColJson {
  name: string | null;
  decltype: string | null;
}

export interface StmtResultJson {
  cols: ColJson[];
  rows: ValueJson[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

export interface BatchResultJson {
  step_results: (StmtResultJson | null)[];
  step_errors: (ErrorJson | null)[];
}

interface DescribeResultJson {
  params: { name: string | null }[];
  cols: ColJson[];
  is_explain: boolean;
  is_readonly: boolean;
}

export type StreamResponseJson =
  | { type: 'close' }
  | { type: 'execute'; result: StmtResultJson }
  | { type: 'batch'; result: BatchResultJson }
  | { type: 'sequence' }
  | { type: 'describe'; result: DescribeResultJson }
  | { type: 'store_sql' }
  | { type: 'close_sql' }
  | { type: 'get_autocommit'; is_autocommit: boolean };

export type StreamResultJson = { type: 'ok'; response: StreamResponseJson } | { type: 'error'; error: ErrorJson };

export interface PipelineRespJson {
  baton: string | null;
  base_url: string | null;
  results: StreamResultJson[];
}

export interface ProtoStmt {
  sql: string | undefined;
  sqlId: number | undefined;
  args: SqlValue[];
  namedArgs: Map<string, SqlValue>;
  wantRows: boolean;
}

export type ProtoBatchCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: ProtoBatchCond }
  | { type: 'and' | 'or'; conds: ProtoBatchCond[] }
  | { type: 'is_autocommit' };

interface ProtoBatchStep {
  condition: ProtoBatchCond | undefined;
  stmt: ProtoStmt;
}

export type StreamRequest =
  | { type: 'close' }
  | { type: 'execute'; stmt: ProtoStmt }
  | { type: 'batch'; steps: ProtoBatchStep[] }
  | { type: 'sequence' | 'describe'; sql: string | undefined; sqlId: number | undefined }
  | { type: 'store_sql'; sqlId: number; sql: string }
  | { type: 'close_sql'; sqlId: number }
  | { type: 'get_autocommit' };

export interface PipelineReqBody {
  baton: string | undefined;
  requests: StreamRequest[];
}

// Decoding validates everything up front, like sqld's serde layer: a malformed body is a 400, never a crash.

type JsonObject = Record<string, unknown>;

export function parseJson(body: Buffer): unknown {
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

export function decodePipelineReqBody(json: unknown): PipelineReqBody {
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

export function encodeValue(value: unknown): ValueJson {
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
