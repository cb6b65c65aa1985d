/**
 * The bench's servers as child processes, and loads against them: shared by `npm run bench`
 * (run.ts) and the A/B comparison of two builds (ab.ts). Everything runs on 127.0.0.1, bounded in
 * time.
 *
 * A load runs one server for a fixed duration and reads its process's CPU time (utime + stime in
 * /proc/<pid>/stat) before and after: req/s is the requests answered over that time, CPU ms per
 * request (much steadier on a shared machine) the CPU time over them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import type { Operation } from './operations';
import { benchServerArguments } from './server-bundle';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ). */
const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export interface Target {
  process: ChildProcess;
  url: string;
  /** Peak resident set (VmHWM) in MB, read before the process ends. */
  peakRssMb(): number;
  /** CPU time the process has used so far (user + system), in ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * Starts a bench server (src/scripts/bench/server.ts) in `mode` on `dbPath`; `bundle` runs another
 * build of it (the A/B comparison) instead of this checkout's.
 */
export async function startTarget(mode: 'api' | 'cached' | 'baseline', dbPath: string, bundle?: string): Promise<Target> {
  const child = spawn(process.execPath, await benchServerArguments(mode, dbPath, bundle), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let ready = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      // Only the start matters; the request log that follows is read and dropped.
      if (ready) return;
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) {
        ready = true;
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
  return {
    process: child,
    url: `http://127.0.0.1:${port}`,
    peakRssMb() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return kb / 1024;
    },
    cpuMs() {
      // Fields after the command name (which may hold spaces) start at the last ')'.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface BenchRequest {
  path: string;
  body: string;
  /** Bodies sent in turn instead of `body` (an operation whose variables change each request). */
  bodies?: readonly string[];
}

/** autocannon options that send the request's bodies in turn, across all connections. */
export function bodiesOption(request: BenchRequest): { requests?: { setupRequest(raw: { body?: string }): { body?: string } }[] } {
  const bodies = request.bodies;
  if (!bodies?.length) return {};
  let next = 0;
  return { requests: [{ setupRequest: (raw) => ({ ...raw, body: bodies[(next += 1) % bodies.length] }) }] };
}

/** How many different variable sets an operation that varies them cycles through. */
const VARIED_REQUESTS = 4_000;

const variedBodies = (operation: Operation, scale: number, body: (variables: Record<string, unknown>) => string) =>
  operation.vary ? Array.from({ length: VARIED_REQUESTS }, (_, index) => body(operation.vary!(index, scale))) : undefined;

export function apiRequest(operation: Operation, variables: Record<string, unknown>, scale = 0): BenchRequest {
  const body = (values: Record<string, unknown>) =>
    JSON.stringify(operation.inline ? { query: operation.inline(values) } : { query: operation.query, variables: values });
  return { path: '/graphql', body: body(variables), bodies: variedBodies(operation, scale, body) };
}

export function baselineRequest(operation: Operation, variables: Record<string, unknown>, scale = 0): BenchRequest {
  const body = (values: Record<string, unknown>) => JSON.stringify({ operationName: operation.name, variables: values });
  return { path: '/', body: body(variables), bodies: variedBodies(operation, scale, body) };
}

export async function post(
  url: string,
  request: BenchRequest,
): Promise<{ data?: unknown; errors?: unknown; extensions?: { db?: { statements: number; roundTrips: number } } }> {
  const response = await fetch(url + request.path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: request.body,
  });
  return (await response.json()) as never;
}

export interface Load {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server process CPU time per request, in ms. */
  cpuMs: number;
  /** Requests answered (summed over the rounds in a median). */
  requests: number;
}

/**
 * Loads one target for `seconds` (after a short warm-up) and reads its CPU time around the run:
 * throughput from a fixed duration with thousands of requests, not from a batch that ends on
 * autocannon's one-second tick.
 */
export async function load(target: Target, request: BenchRequest, { seconds, connections }: { seconds: number; connections: number }): Promise<Load> {
  const options = {
    url: target.url + request.path,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: request.body,
    connections,
    ...bodiesOption(request),
  };
  await autocannon({ ...options, amount: connections * 5 });
  const latencies = responseTimes();
  const cpuBefore = target.cpuMs();
  const started = performance.now();
  const result = await autocannon({ ...options, duration: seconds, setupClient: latencies.setupClient });
  const elapsed = (performance.now() - started) / 1000;
  const cpu = target.cpuMs() - cpuBefore;
  const answered = result.requests.total;
  return {
    rps: answered / elapsed,
    ...latencies.percentiles(),
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMs: cpu / Math.max(answered, 1),
    requests: answered,
  };
}

/**
 * Each response's time as autocannon's clients measure it, in fractional milliseconds: its own
 * latency histogram keeps whole milliseconds, which made a 1.4 → 1.6 ms p50 read as 1 → 2 ms (2×).
 */
export function responseTimes() {
  const times: number[] = [];
  return {
    setupClient: (client: { on(event: 'response', listener: (status: number, bytes: number, responseTime: number) => void): void }) =>
      client.on('response', (_status, _bytes, responseTime) => times.push(responseTime)),
    percentiles(): { p50: number; p99: number } {
      const sorted = times.sort((a, b) => a - b);
      const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
      return { p50: at(0.5), p99: at(0.99) };
    },
  };
}

export const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

/** Each figure's median over the rounds (taken separately: a round slow on one may be fast on another). */
export function median(loads: Load[]): Load {
  return {
    rps: middle(loads.map((l) => l.rps)),
    p50: middle(loads.map((l) => l.p50)),
    p99: middle(loads.map((l) => l.p99)),
    errors: loads.reduce((sum, l) => sum + l.errors, 0),
    cpuMs: middle(loads.map((l) => l.cpuMs)),
    requests: loads.reduce((sum, l) => sum + l.requests, 0),
  };
}

/** Variables that depend on the data set (the deep page's cursor). */
export async function variablesFor(operation: Operation, apiUrl: string): Promise<{ api: Record<string, unknown>; baseline: Record<string, unknown> }> {
  if (operation.name !== 'deep-page') return { api: operation.variables ?? {}, baseline: operation.variables ?? {} };
  const result = await post(apiUrl, {
    path: '/graphql',
    body: JSON.stringify({ query: `{ records(last: 21) { edges { cursor node { id } } } }` }),
  });
  const edge = (result.data as { records: { edges: { cursor: string; node: { id: string } }[] } }).records.edges[0]!;
  const afterId = Number(Buffer.from(edge.node.id, 'base64').toString().split(':')[1]);
  return { api: { after: edge.cursor }, baseline: { afterId } };
}
