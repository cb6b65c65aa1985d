/** Statements and batches on one stream's libSQL connection, with sqld's argument binding and codes. */
import Database from 'libsql';
import { isSyntaxError, ProtocolError, RequestError, requestErrorFromEngine, SQLITE_BUSY } from './errors';
import {
  encodeValue,
  type BatchResultJson,
  type ColJson,
  type HranaVersion,
  type ProtoBatchCond,
  type ProtoStmt,
  type SqlValue,
  type StmtResultJson,
  type ValueJson,
} from './protocol';
import { splitStatements, type SqlStatement } from './sql-lexer';

/** How long a statement keeps retrying while another stream holds the write lock (sqld waits too). */
const BUSY_TIMEOUT_MS = 5_000;

type Statement = Database.Statement;

/** One libSQL connection, owned by exactly one stream. */
export class SqlConnection {
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

export function resolveSql(sql: string | undefined, sqlId: number | undefined, stored: Map<number, string>): string {
  if (sql !== undefined && sqlId !== undefined) throw new ProtocolError('Either `sql` or `sql_id` are required, but not both');
  if (sql !== undefined) return sql;
  if (sqlId === undefined) throw new ProtocolError('Either `sql` or `sql_id` are required');
  const found = stored.get(sqlId);
  if (found === undefined) throw new ProtocolError(`SQL text ${sqlId} not found`, 'SQL_NOT_FOUND');
  return found;
}

export function singleStatement(sql: string): SqlStatement {
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
export function checkSyntax(conn: SqlConnection, statement: SqlStatement): void {
  try {
    conn.prepare(statement.sql);
  } catch (error) {
    if (isSyntaxError(error)) throw requestErrorFromEngine(error, 'prepare');
  }
}

export function compileQuery(conn: SqlConnection, stmt: ProtoStmt, stored: Map<number, string>, upfrontSyntaxCheck: boolean): Query {
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

export function prepareStatement(conn: SqlConnection, statement: SqlStatement): Statement {
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

export async function executeQuery(conn: SqlConnection, query: Query): Promise<StmtResultJson> {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const stmt = await retryWhileBusy(() => prepareStatement(conn, query.statement), deadline);
  const args = bindArguments(query);
  // Retry with the same statement object: running it again resets it, whereas a fresh one would leave
  // the busy one "in progress", and SQLite refuses to COMMIT while a statement is in progress.
  return retryWhileBusy(() => runStatement(conn, stmt, args, query), deadline);
}

export function validateCond(cond: ProtoBatchCond, stepIndex: number, version: HranaVersion): void {
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

export async function executeBatch(conn: SqlConnection, steps: { condition: ProtoBatchCond | undefined; query: Query }[]): Promise<BatchResultJson> {
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
