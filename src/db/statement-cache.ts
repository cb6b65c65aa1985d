/**
 * Prepared statements kept by SQL text for an embedded database's reads.
 *
 * `@libsql/client` prepares every statement again on every call, and a compiled read (one long
 * statement per document, src/graphql/compiled-read.ts) costs SQLite more to prepare than the small
 * reads take to run. This client keeps the prepared statements of plain reads — `execute` of a
 * `SELECT`/`WITH` with positional arguments outside any transaction, and read batches
 * (`batch(…, 'read')`, one read transaction, as the meter sends a request's reads) made only of
 * such statements — in a bounded LRU on a connection of its own to the same file, and hands
 * everything else (writes, other batches, transactions, migrations) to the client it wraps,
 * unchanged.
 *
 * - Results are what the wrapped client returns: the same rows (array-like, with column names),
 *   columns, declared types and integer handling.
 * - Schema changes: SQLite prepares a statement again by itself when the schema it was prepared
 *   for changed (another connection migrating included).
 * - Anything out of the ordinary — another kind of argument, an integer past 2^53, a blob, any error —
 *   is answered by the wrapped client, so its errors and conversions stay the only ones. After an
 *   error the statements and the connection are dropped: a statement that failed mid-way (a
 *   locked file) holds its read lock until it is discarded (see `openRetryingWhileBusy`).
 * - Locks: a read that has returned its last row has finished, so a kept statement holds none.
 */
import type { Client, InArgs, InStatement, ResultSet, Row, TransactionMode } from '@libsql/client';
import Database from 'libsql';
import { isPlainRead } from './meter';

/** Statements kept per client (a few hundred KB at most; operations repeat a small set of texts). */
const MAX_STATEMENTS = 100;

type Statement = Database.Statement;
type Value = string | number | null;

/** An argument the cached path binds as the wrapped client would; anything else goes to the client. */
function plainArgument(value: unknown): value is string | number | null {
  return value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** A result row as @libsql/client shapes it: values by index and by (first) column name. */
function rowOf(values: readonly Value[], columns: readonly string[]): Row {
  const row = {} as Row;
  Object.defineProperty(row, 'length', { value: values.length });
  values.forEach((value, index) => {
    Object.defineProperty(row, index, { value });
    const column = columns[index]!;
    if (!Object.hasOwn(row, column)) Object.defineProperty(row, column, { value, enumerable: true, configurable: true, writable: true });
  });
  return row;
}

const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_EXACT = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * Integers come back as bigints; the client's default turns them into numbers when exact. Null
 * when the client must answer: an integer it refuses, or a blob (which it converts its own way).
 */
function valuesOf(raw: readonly unknown[]): Value[] | null {
  const values: Value[] = new Array<Value>(raw.length);
  for (let index = 0; index < raw.length; index += 1) {
    const value = raw[index];
    if (typeof value === 'bigint') {
      if (value > MAX_EXACT || value < MIN_EXACT) return null;
      values[index] = Number(value);
    } else if (value === null || typeof value === 'string' || typeof value === 'number') values[index] = value;
    else return null;
  }
  return values;
}

export interface StatementCacheOptions {
  /** The database file (the path `file:` URL names). */
  path: string;
  /** SQLite's busy timeout for the cache's connection, as the wrapped client's `timeout`. */
  timeout?: number;
  /** The page cache of the cache's connection, in KiB (SQLite's default: 2,000). */
  pageCacheKiB?: number;
}

/** Wraps an embedded database's client so that its plain reads run from kept prepared statements. */
export function withStatementCache(client: Client, options: StatementCacheOptions): Client {
  let connection: Database.Database | null = null;
  const statements = new Map<string, Statement>();

  const opened = (): Database.Database => {
    if (connection) return connection;
    connection = new Database(options.path, { timeout: options.timeout });
    if (options.pageCacheKiB !== undefined) connection.pragma(`cache_size = -${Math.trunc(options.pageCacheKiB)}`);
    return connection;
  };

  const drop = () => {
    statements.clear();
    connection?.close();
    connection = null;
  };

  const prepared = (sql: string): Statement => {
    const kept = statements.get(sql);
    if (kept) {
      // Most recently used last: the first entry is the one to evict.
      statements.delete(sql);
      statements.set(sql, kept);
      return kept;
    }
    const statement = opened().prepare(sql);
    statement.safeIntegers(true);
    statement.raw(true);
    statements.set(sql, statement);
    if (statements.size > MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
    return statement;
  };

  /** The result from a kept statement, or null when the wrapped client must answer. */
  const fromCache = (sql: string, args: readonly unknown[]): ResultSet | null => {
    const statement = prepared(sql);
    const raw = statement.all(args) as unknown[][];
    const definitions = statement.columns();
    const columns = definitions.map((column) => column.name);
    const rows: Row[] = [];
    for (const values of raw) {
      const converted = valuesOf(values);
      if (!converted) return null;
      rows.push(rowOf(converted, columns));
    }
    const columnTypes = definitions.map((column) => column.type ?? '');
    return {
      columns,
      columnTypes,
      rows,
      rowsAffected: 0,
      lastInsertRowid: undefined,
      toJSON: () => ({ columns, columnTypes, rows: rows.map((row) => Array.from(row)), rowsAffected: 0, lastInsertRowid: null }),
    };
  };

  /** A statement the cache can answer: a plain read with positional arguments it binds as the client would. */
  const cacheable = (statement: InStatement): boolean => {
    if (typeof statement === 'string') return isPlainRead(statement);
    const { sql, args = [] } = statement;
    return Array.isArray(args) && args.every(plainArgument) && isPlainRead(sql);
  };
  const argsOf = (statement: InStatement): readonly unknown[] => (typeof statement === 'string' ? [] : ((statement.args ?? []) as unknown[]));
  const sqlOf = (statement: InStatement): string => (typeof statement === 'string' ? statement : statement.sql);

  const execute = (statementOrSql: InStatement, maybeArgs?: InArgs): Promise<ResultSet> => {
    const statement: InStatement = typeof statementOrSql === 'string' ? { sql: statementOrSql, args: maybeArgs ?? [] } : statementOrSql;
    if (client.closed || !cacheable(statement)) return client.execute(statement);
    let result: ResultSet | null;
    try {
      result = fromCache(sqlOf(statement), argsOf(statement));
    } catch {
      drop();
      result = null;
    }
    return result ? Promise.resolve(result) : client.execute(statement);
  };

  /** A read batch in one read transaction, as the client runs it; null when the client must answer. */
  const readBatch = (statements: readonly InStatement[]): ResultSet[] | null => {
    const reader = opened();
    reader.exec('BEGIN TRANSACTION READONLY');
    try {
      const results: ResultSet[] = [];
      for (const statement of statements) {
        const result = fromCache(sqlOf(statement), argsOf(statement));
        if (!result) return null;
        results.push(result);
      }
      return results;
    } finally {
      reader.exec('COMMIT');
    }
  };

  const batch = (statements: InStatement[], mode?: TransactionMode): Promise<ResultSet[]> => {
    if (mode !== 'read' || client.closed || !statements.every(cacheable)) return client.batch(statements, mode);
    let results: ResultSet[] | null;
    try {
      results = readBatch(statements);
    } catch {
      drop();
      results = null;
    }
    return results ? Promise.resolve(results) : client.batch(statements, mode);
  };

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') return execute;
      if (property === 'batch') return batch;
      if (property === 'close') {
        return () => {
          drop();
          target.close();
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
