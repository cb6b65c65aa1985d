/**
 * What the API does when the database is slow, stalled, locked or broken.
 *
 * - Every request runs under a deadline (`withRequestDeadline`). Each round trip to a remote
 *   database gets the time left of it (at most `timeoutMs` of the client), through a `fetch` that
 *   aborts (`deadlineFetch`); outside a request (start-up, scripts) the client's own timeout holds.
 * - An embedded file locked by another process is retried, without blocking the event loop, until
 *   the same deadline (`retryWhileBusy`).
 * - Failures are classified (`databaseFault`) into a few kinds with messages free of SQL, and a
 *   write whose request was sent but never answered is marked as possibly applied.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from '@libsql/client';

/** Default wait for one round trip to the database, and for a locked file to be released. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 5_000;

export type DatabaseFaultKind = 'TIMEOUT' | 'UNREACHABLE' | 'BUSY' | 'UNUSABLE';

/** A database failure that is not the caller's fault; its message names no SQL. */
export class DatabaseFault extends Error {
  constructor(
    readonly kind: DatabaseFaultKind,
    message: string,
    /** The request reached (or may have reached) the database, which may have applied it. */
    readonly maybeApplied: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseFault';
  }

  /** The API's error code for it: TIMEOUT when time ran out, else DATABASE_UNAVAILABLE. */
  get errorCode(): 'TIMEOUT' | 'DATABASE_UNAVAILABLE' {
    return this.kind === 'TIMEOUT' ? 'TIMEOUT' : 'DATABASE_UNAVAILABLE';
  }
}

// ---------------------------------------------------------------------------------------------
// The request's deadline

interface RequestBudget {
  /** Epoch milliseconds by which the request must be answered. */
  deadline: number;
  /** A write of this request has been sent to the database (see `beginWrite`). */
  writeSent: boolean;
  /** The request's execution was cancelled: no write may start any more. */
  cancelled: boolean;
}

const budgets = new AsyncLocalStorage<RequestBudget>();

/** Runs `work` with a deadline `timeoutMs` from now for everything it does with the database. */
export function withRequestDeadline<T>(timeoutMs: number, work: () => T): T {
  return budgets.run({ deadline: Date.now() + timeoutMs, writeSent: false, cancelled: false }, work);
}

/** The current request's budget, to hand to a timer. */
export function requestBudget(): RequestBudget | undefined {
  return budgets.getStore();
}

/** Milliseconds left before the current request's deadline (undefined outside a request). */
export function remainingRequestMs(): number | undefined {
  const budget = budgets.getStore();
  return budget ? budget.deadline - Date.now() : undefined;
}

/**
 * Called right before a write is sent. False when the request was cancelled or is out of time:
 * the write must not be sent. Once it returns true, the request is no longer cancelled by its
 * execution timeout (see `cancelRequest`): the write's own round trip, bounded by the same
 * deadline, decides, so the response can say whether the write was applied.
 */
export function beginWrite(): boolean {
  const budget = budgets.getStore();
  if (!budget) return true;
  if (budget.cancelled || budget.deadline <= Date.now()) return false;
  budget.writeSent = true;
  return true;
}

/** Cancels a request's execution unless a write is already on its way (then: false). */
export function cancelRequest(budget: RequestBudget | undefined): boolean {
  if (!budget) return true;
  if (budget.writeSent) return false;
  budget.cancelled = true;
  return true;
}

/** A write that was sent but never answered: it may or may not have been applied. */
export class WriteOutcomeUnknown extends Error {
  constructor(readonly fault: DatabaseFault) {
    super(`${fault.message} The change may or may not have been saved.`, { cause: fault });
    this.name = 'WriteOutcomeUnknown';
  }
}

/** The time a round trip may take now: what is left of the request, at most `timeoutMs`. */
function budgetFor(timeoutMs: number): number {
  const remaining = remainingRequestMs();
  return remaining === undefined ? timeoutMs : Math.min(timeoutMs, remaining);
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

// ---------------------------------------------------------------------------------------------
// Remote databases: a fetch with a deadline

/** Network errors that prove the request never reached the server. */
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/;

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/**
 * A `fetch` for the libSQL HTTP client that gives up when the round trip exceeds its budget. The
 * response body is read inside the budget too, so a server that stalls mid-answer is caught.
 */
export function deadlineFetch(timeoutMs: number, inner: typeof fetch = (...args) => fetch(...args)): typeof fetch {
  return async (input, init) => {
    const budget = budgetFor(timeoutMs);
    if (budget <= 0) {
      throw new DatabaseFault('TIMEOUT', 'The request ran out of time before the database was asked.', false);
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), budget);
    try {
      const response = await inner(input, { ...init, signal: controller.signal });
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } catch (error) {
      if (controller.signal.aborted) {
        throw new DatabaseFault('TIMEOUT', `The database did not answer within ${seconds(budget)}.`, true, { cause: error });
      }
      const code = networkCode(error);
      const sent = !(code && NOT_SENT.test(code));
      throw new DatabaseFault('UNREACHABLE', `The database could not be reached${code ? ` (${code})` : ''}.`, sent, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Embedded files: waiting for a lock without blocking the event loop

const isBusy = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Opens an embedded database whose calls, when another connection holds the file's lock, are
 * retried without blocking the event loop until the request's deadline (or `timeoutMs` outside a
 * request). A failed statement or batch changed nothing (libSQL rolls a failed batch back), so it
 * is safe to send again. After a busy failure the client is replaced by a fresh one: the driver's
 * connection keeps the failed statement un-reset, and running it again would hold a shared lock
 * on the file for good, locking every other process out.
 */
export function openRetryingWhileBusy(open: () => Client, timeoutMs: number): Client {
  let current = open();
  const reopen = () => {
    const poisoned = current;
    current = open();
    // Calls on the embedded client run synchronously, so none is in the middle of using it.
    poisoned.close();
  };
  const retrying =
    (property: 'execute' | 'batch') =>
    async (...args: unknown[]): Promise<unknown> => {
      const giveUpAt = Date.now() + budgetFor(timeoutMs);
      for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
        try {
          return await (current[property] as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (error) {
          if (!isBusy(error)) throw error;
          reopen();
          const left = giveUpAt - Date.now();
          if (left <= 0) throw error;
          await sleep(Math.min(pause, left));
        }
      }
    };
  const execute = retrying('execute');
  const batch = retrying('batch');
  return new Proxy(current, {
    get(_target, property) {
      if (property === 'execute') return execute;
      if (property === 'batch') return batch;
      const value = Reflect.get(current, property, current) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(current) : value;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Classification

const SQLITE_UNUSABLE = /^SQLITE_(READONLY|IOERR|CANTOPEN|CORRUPT|NOTADB|FULL|PERM|AUTH)/;

/**
 * The fault behind an error thrown by the database client, or null when the error is something
 * else (a constraint, a bug). Walks the cause chain: drizzle and libSQL wrap the original error.
 */
export function databaseFault(error: unknown): DatabaseFault | null {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (current instanceof DatabaseFault) return current;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (isBusy(current)) {
        return new DatabaseFault('BUSY', 'The database is locked by another process; try again shortly.', false, { cause: error });
      }
      if (SQLITE_UNUSABLE.test(code)) {
        return new DatabaseFault('UNUSABLE', `The database cannot be used (${code.replace(/^SQLITE_/, '').toLowerCase()}).`, false, { cause: error });
      }
      if (code === 'SERVER_ERROR') {
        // The server answered with an HTTP error: it may have been a proxy giving up on a write.
        const status = (current.cause as { status?: number } | undefined)?.status;
        return new DatabaseFault('UNREACHABLE', `The database server answered HTTP ${status ?? 'error'}.`, (status ?? 500) >= 500, { cause: error });
      }
    }
    if (/no such table/i.test(current.message)) {
      return new DatabaseFault('UNUSABLE', 'The database is missing its tables (not migrated, or replaced).', false, { cause: error });
    }
    current = current.cause;
  }
  return null;
}
