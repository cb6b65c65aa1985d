/**
 * One structured JSON log line per request (request id, operation, duration, status, errors, cost),
 * and the request id echoed in `X-Request-Id`. Uses only web APIs, so it runs the same in Node and
 * in a Worker (where `console.log` of a JSON line becomes a structured Workers Logs entry).
 */
import { getOperationAST, type ExecutionResult, type GraphQLError } from 'graphql';
import { currentDatabaseMeter } from '../db/meter';
import type { Plugin, PluginOptions } from './index';

export const REQUEST_ID_HEADER = 'X-Request-Id';

export interface RequestLogEntry {
  level: 'info' | 'warn' | 'error';
  message: 'request';
  time: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  operationName?: string;
  operationType?: string;
  /** Number of errors in the result, and their distinct `extensions.code`s. */
  errors: number;
  errorCodes?: string[];
  /** `extensions.cost` of the result, when the cost analysis reported one. */
  cost?: unknown;
  /** Database statements and round trips the request made (0 when served from the cache). */
  db?: { statements: number; roundTrips: number };
}

export type Logger = (entry: RequestLogEntry) => void;

export const consoleLogger: Logger = (entry) => {
  const line = JSON.stringify(entry);
  if (entry.level === 'error') console.error(line);
  else console.log(line);
};

/** Where a line logger writes: standard output, and standard error for `error` entries. */
export interface LineSink {
  out(text: string): void;
  err(text: string): void;
}

export interface LineLogger extends Logger {
  /** Writes every line still held, at once (on exit, before a signal ends the process). */
  flush(): void;
}

/** Lines held before they are written even within one event-loop turn. */
const MAX_HELD_BYTES = 64 * 1024;

/**
 * The same JSON lines as `consoleLogger`, written once per event-loop turn instead of once per
 * request: a synchronous write to a pipe per line was a tenth of a request's CPU under load. Each
 * entry is serialised when logged, so its content does not depend on when it is written; lines
 * keep their order, also across the two streams. Whoever creates it calls `flush` when the
 * process ends.
 */
export function createLineLogger(sink: LineSink): LineLogger {
  let held: { error: boolean; text: string }[] = [];
  let heldBytes = 0;
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (scheduled !== undefined) clearTimeout(scheduled);
    scheduled = undefined;
    const lines = held;
    held = [];
    heldBytes = 0;
    // Consecutive lines of one stream go out in one write.
    let run = '';
    let error = false;
    for (const line of lines) {
      if (line.error !== error && run) {
        (error ? sink.err : sink.out)(run);
        run = '';
      }
      error = line.error;
      run += line.text;
    }
    if (run) (error ? sink.err : sink.out)(run);
  };
  const logger: Logger = (entry) => {
    const text = `${JSON.stringify(entry)}\n`;
    held.push({ error: entry.level === 'error', text });
    heldBytes += text.length;
    if (heldBytes >= MAX_HELD_BYTES) flush();
    else scheduled ??= setTimeout(flush, 0);
  };
  return Object.assign(logger, { flush });
}

export interface ObservabilityOptions {
  /** Receives one entry per request; `console` (one JSON line) by default. */
  logger?: Logger;
}

/** Incoming ids are kept only when they look like ids: no log injection, bounded length. */
const VALID_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** What the log knows of a request while it is handled. */
export interface RequestState {
  requestId: string;
  start: number;
  operationName?: string;
  operationType?: string;
  errors: readonly GraphQLError[];
  cost?: unknown;
}

/**
 * What the log, the rate limit and prepared reads read of a request: its method, URL and headers.
 * A Request has them; the Node listener (src/node-listener.ts) gives them without building one.
 */
export interface RequestHead {
  method: string;
  url: string;
  headers: Pick<Headers, 'get' | 'has'>;
}

export function requestIdFor(request: RequestHead): string {
  const incoming = request.headers.get(REQUEST_ID_HEADER);
  return incoming && VALID_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/**
 * Per-request state is keyed by the request's database meter, the one object that lives exactly as
 * long as the request (AsyncLocalStorage, see src/app.ts): plugins may replace the Request itself.
 */
function useRequestLog(logger: Logger): Plugin {
  const states = new WeakMap<object, RequestState>();
  const stateOf = (request: Request): RequestState => {
    const key = currentDatabaseMeter() ?? request;
    let state = states.get(key);
    if (!state) {
      state = { requestId: requestIdFor(request), start: performance.now(), errors: [] };
      states.set(key, state);
    }
    return state;
  };

  return {
    // Wraps the whole handling, so the clock starts before any other plugin's work.
    instrumentation: {
      request({ request }, wrapped) {
        stateOf(request);
        return wrapped();
      },
    },
    onParams({ request, params }) {
      const state = stateOf(request);
      if (params.operationName) state.operationName = params.operationName;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request) return;
      const operation = getOperationAST(args.document, args.operationName);
      const state = stateOf(request);
      state.operationName = operation?.name?.value ?? state.operationName;
      state.operationType = operation?.operation;
    },
    onResultProcess({ request, result }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      const state = stateOf(request);
      const { errors, extensions } = result as ExecutionResult;
      state.errors = errors ?? [];
      if (extensions?.cost !== undefined) state.cost = extensions.cost;
    },
    onResponse({ request, response }) {
      const state = stateOf(request);
      try {
        response.headers.set(REQUEST_ID_HEADER, state.requestId);
      } catch {
        // Some responses (e.g. redirects) have immutable headers; the log still has the id.
      }
      logger(requestLogEntry(request, response.status, state));
    },
  };
}

/** The log line of a request that was answered with `status`, as the request log and prepared reads (src/plugins/prepared-reads.ts) write it. */
export function requestLogEntry(request: RequestHead, status: number, state: RequestState): RequestLogEntry {
  const codes = [
    ...new Set(
      state.errors
        .map((error) => error.extensions?.code)
        .filter((code): code is string => typeof code === 'string'),
    ),
  ];
  const level = status >= 500 ? 'error' : state.errors.length > 0 || status >= 400 ? 'warn' : 'info';
  const meter = currentDatabaseMeter();
  return {
    level,
    message: 'request',
    time: new Date().toISOString(),
    requestId: state.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
    status,
    durationMs: Math.round((performance.now() - state.start) * 100) / 100,
    ...(state.operationName ? { operationName: state.operationName } : {}),
    ...(state.operationType ? { operationType: state.operationType } : {}),
    errors: state.errors.length,
    ...(codes.length ? { errorCodes: codes } : {}),
    ...(state.cost !== undefined ? { cost: state.cost } : {}),
    ...(meter ? { db: { statements: meter.statements, roundTrips: meter.roundTrips } } : {}),
  };
}

/** The logger requests are written to. */
export function requestLogger(observability: ObservabilityOptions = {}): Logger {
  return observability.logger ?? consoleLogger;
}

export function observabilityPlugins(_options: PluginOptions, observability: ObservabilityOptions = {}): Plugin[] {
  return [useRequestLog(requestLogger(observability))];
}
