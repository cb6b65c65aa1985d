/**
 * Counts database statements and round trips per request, so that `GRAPHQL_TRACE=1` can report
 * them and tests can assert on them, and batches the reads of a request into as few round trips as
 * possible. The counter lives in AsyncLocalStorage, so concurrent requests sharing one client never
 * mix their counts (or their batches).
 *
 * Batching: every read (`SELECT`/`WITH`) a request issues through `execute` is held for one
 * event-loop turn (see `schedule`), and everything collected by then goes out as ONE
 * `client.batch(statements, 'read')` — one pipeline request over HTTP. Sibling resolvers (several
 * root fields, `node`/`nodes`, counts, fallback loads) therefore share a round trip. Writes,
 * explicit `batch` calls and everything inside a transaction (which has its own object) go out
 * at once, after any reads queued before them, so their order is kept.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client, InArgs, InStatement, ResultSet } from '@libsql/client';
import { databaseFault } from './faults';

export interface DatabaseMeter {
  statements: number;
  roundTrips: number;
}

const storage = new AsyncLocalStorage<DatabaseMeter>();

/** Runs `work` with a fresh meter and hands the meter to it. */
export function withDatabaseMeter<T>(work: (meter: DatabaseMeter) => T): T {
  const meter: DatabaseMeter = { statements: 0, roundTrips: 0 };
  return storage.run(meter, () => work(meter));
}

export function currentDatabaseMeter(): DatabaseMeter | undefined {
  return storage.getStore();
}

interface Pending {
  statement: InStatement;
  resolve(result: ResultSet): void;
  reject(error: unknown): void;
}

interface Queue {
  items: Pending[];
}

const READ = /^\s*(?:select|with)\b/i;
const WRITE_KEYWORD = /\b(?:insert|update|delete|replace|create|drop|alter)\b/i;

/** A statement that only reads (`SELECT`, or `WITH` without a write in it). */
export function isPlainRead(sql: string): boolean {
  const known = plainReads.get(sql);
  if (known !== undefined) return known;
  const plain = READ.test(sql) && !(sql.trimStart().slice(0, 4).toLowerCase() === 'with' && WRITE_KEYWORD.test(sql));
  // A compiled read is one long `WITH …` text, asked about twice per request (here and by the
  // statement cache): the keyword scan ran over all of it each time.
  if (plainReads.size >= MAX_KNOWN_STATEMENTS) plainReads.clear();
  plainReads.set(sql, plain);
  return plain;
}

const MAX_KNOWN_STATEMENTS = 500;
const plainReads = new Map<string, boolean>();

/** Only plain reads are batched; anything that might write keeps its own round trip and order. */
function isRead(statement: InStatement): boolean {
  return isPlainRead(typeof statement === 'string' ? statement : statement.sql);
}

// The batch window: one timer turn, then the check phase. plugin-drizzle's node loader and
// fallback loads wait for a setTimeout(0) before they query; reads issued by then (and everything
// resolved in the microtasks after) join the batch. Costs ~1 ms once per round trip, far less
// than a network hop to the database. Workers have setTimeout but may lack setImmediate.
const schedule: (task: () => void) => void =
  typeof setImmediate === 'function'
    ? (task) => setTimeout(() => setImmediate(task), 0)
    : (task) => setTimeout(() => setTimeout(task, 0), 0);

type Executable = Pick<Client, 'execute' | 'batch'>;

/**
 * A metered client's `execute` for a read that is the last a request will issue (a prepared
 * read's one statement): it goes out at once, in one batch with any reads the request had queued,
 * instead of waiting out the batch window, which would only delay it since nothing else is coming.
 */
const EXECUTE_LAST = Symbol('executeLast');

/** Runs `statement` as the request's last read (see EXECUTE_LAST); a client without a meter just executes it. */
export function executeLast(client: Pick<Client, 'execute'>, statement: InStatement): Promise<ResultSet> {
  const last = (client as { [EXECUTE_LAST]?: (statement: InStatement) => Promise<ResultSet> })[EXECUTE_LAST];
  return last ? last(statement) : client.execute(statement);
}

/** Wraps a libSQL client so that every call is counted against the current request and reads are batched. */
export function meterClient<C extends Executable>(client: C): C {
  const queues = new WeakMap<DatabaseMeter, Queue>();

  const flush = (meter: DatabaseMeter, queue: Queue): void => {
    const items = queue.items;
    if (items.length === 0) return;
    queue.items = [];
    meter.statements += items.length;
    meter.roundTrips += 1;
    if (items.length === 1) {
      const [only] = items as [Pending];
      client.execute(only.statement).then(only.resolve, only.reject);
      return;
    }
    client.batch(
      items.map((item) => item.statement),
      'read',
    ).then(
      (results) => items.forEach((item, index) => item.resolve(results[index] as ResultSet)),
      // A batch fails as a whole; run its statements one by one so each caller gets its own outcome,
      // unless the database itself failed (stalled, unreachable, locked): then all share that fault.
      (error: unknown) => {
        const fault = databaseFault(error);
        if (fault && fault.kind !== 'UNUSABLE') {
          for (const item of items) item.reject(fault);
          return;
        }
        meter.statements += items.length;
        meter.roundTrips += items.length;
        for (const item of items) client.execute(item.statement).then(item.resolve, item.reject);
      },
    );
  };

  const execute = (statementOrSql: InStatement, args?: InArgs): Promise<ResultSet> => {
    const statement: InStatement =
      typeof statementOrSql === 'string' && args !== undefined ? { sql: statementOrSql, args } : statementOrSql;
    const meter = storage.getStore();
    if (!meter) return client.execute(statement);
    let queue = queues.get(meter);
    if (!isRead(statement)) {
      if (queue) flush(meter, queue);
      meter.statements += 1;
      meter.roundTrips += 1;
      return client.execute(statement);
    }
    if (!queue) {
      queue = { items: [] };
      queues.set(meter, queue);
    }
    const target = queue;
    return new Promise<ResultSet>((resolve, reject) => {
      if (target.items.length === 0) schedule(() => flush(meter, target));
      target.items.push({ statement, resolve, reject });
    });
  };

  const executeLastRead = (statement: InStatement): Promise<ResultSet> => {
    const meter = storage.getStore();
    if (!meter || !isRead(statement)) return execute(statement);
    // Queued like any read (which creates the request's queue), then sent with the queue at once;
    // the window's own flush later finds it empty.
    const result = execute(statement);
    flush(meter, queues.get(meter)!);
    return result;
  };

  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === EXECUTE_LAST) return executeLastRead;
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'execute') return execute;
      if (property === 'batch' && typeof value === 'function') {
        return (...args: unknown[]) => {
          const meter = storage.getStore();
          if (meter) {
            const queue = queues.get(meter);
            if (queue) flush(meter, queue);
            meter.statements += Array.isArray(args[0]) ? args[0].length : 1;
            meter.roundTrips += 1;
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
