/**
 * CPU per request of the Worker in workerd: `wrangler dev` (local, offline) against the data set
 * served over libSQL's HTTP protocol, as `npm run db:serve` does. The Worker's own CPU is a V8 CPU
 * profile of its isolate, taken through wrangler dev's DevTools inspector (Profiler.start/stop over
 * CDP) around a fixed number of requests: the samples in which that isolate ran code, divided by
 * the requests. miniflare's own services (the entry worker, the Cache API, the rate-limit binding)
 * run in other isolates and are not in it, as they are not in a deployed Worker's CPU time. Every
 * request comes from its own client address (CF-Connecting-IP, which miniflare keeps when it is
 * set), so the cost bucket never refuses one; the response cache is off (`RESPONSE_CACHE=off`).
 * workerd's whole process CPU (/proc) is reported beside it. The database server runs in this
 * process, so its CPU is in neither. Bench-only; 127.0.0.1, bounded in count.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { startHranaServer } from '../../../tests/support/libsql-server/server';
import type { Operation } from './operations';

const TICKS = 100;
/** The profiler's sampling interval in workerd. */
const SAMPLING_MICROS = 200;
/** Longest time one sample may stand for in the upper estimate. */
const CAP_MICROS = 1000;

function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
}

/** The workerd processes started under `root` (wrangler spawns workerd as a descendant). */
function workerdPids(root: number): number[] {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended meanwhile.
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  return [...names].filter(([pid, name]) => name.startsWith('workerd') && descends(pid)).map(([pid]) => pid);
}

export interface WorkerdLoad {
  operation: string;
  /**
   * The Worker isolate's own CPU per request, lower bound: its samples that ran code ("(program)",
   * native runtime code, included) times the nominal sampling interval. On a loaded machine the
   * sampler falls behind, so fewer samples are taken than the interval promises.
   */
  isolateMs: number;
  /**
   * Upper estimate: each such sample weighted by the time since the previous one, capped at 1 ms (a
   * longer gap is time the thread spent in other isolates or waiting, which V8 does not sample).
   */
  isolateCappedMs: number;
  /** CPU time of every workerd process wrangler started (miniflare's services included), per request. */
  cpuMs: number;
  rps: number;
  errors: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The isolate's CPU time in a profile, in ms: its samples that ran code times the sampling interval.
 * Not the sum of the samples' time deltas: V8 takes no sample while the thread runs another isolate
 * (miniflare's services share workerd's thread), so a delta can span time this isolate did not use.
 */
function sampledMs(profile: CpuProfile, intervalMicros: number): { busy: number; capped: number } {
  const kind = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName]));
  let busy = 0;
  let capped = 0;
  profile.samples.forEach((sample, index) => {
    if (kind.get(sample) === '(idle)') return;
    busy++;
    capped += Math.min(profile.timeDeltas[index + 1] ?? intervalMicros, CAP_MICROS);
  });
  return { busy: (busy * intervalMicros) / 1000, capped: capped / 1000 };
}

/** A DevTools protocol session with the Worker isolate behind wrangler dev's inspector. */
async function inspectorSession(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as { webSocketDebuggerUrl: string }[];
  const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
  await new Promise((resolveOpen, reject) => {
    socket.once('open', resolveOpen);
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    pending.get(message.id)?.(message.error ? new Error(message.error.message) : message.result);
    pending.delete(message.id);
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = nextId++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((resolveResult, reject) =>
        pending.set(id, (result) => (result instanceof Error ? reject(result) : resolveResult(result as T))),
      );
    },
    close: () => socket.close(),
  };
}

interface WorkerdRequest {
  name: string;
  body: string;
  /** Default `/graphql`. */
  path?: string;
}

/** A different client address for every request: 10.x.y.z, counting up. */
function addressCounter(): () => string {
  let next = 0;
  return () => {
    next++;
    return `10.${(next >> 16) & 255}.${(next >> 8) & 255}.${next & 255}`;
  };
}

/**
 * Starts `wrangler dev` (in `cwd`, with `args`) with its inspector on, sends each request a fixed
 * number of times while the Worker isolate is profiled, and reads workerd's process CPU too.
 */
async function loadWranglerDev(cwd: string, args: string[], requests: readonly WorkerdRequest[], count: number): Promise<WorkerdLoad[]> {
  const port = 18_900 + Math.floor(Math.random() * 90);
  const inspectorPort = port + 100;
  const wrangler = spawn(
    resolve('node_modules/.bin/wrangler'),
    ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), ...args],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  try {
    await new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error('wrangler dev did not start')), 120_000);
      const watch = (chunk: Buffer) => {
        if (/Ready on/.test(chunk.toString())) {
          clearTimeout(timer);
          resolveReady();
        }
      };
      wrangler.stdout!.on('data', watch);
      wrangler.stderr!.on('data', watch);
      wrangler.once('exit', (code) => reject(new Error(`wrangler dev exited with ${code}`)));
    });
    const inspector = await inspectorSession(inspectorPort);
    await inspector.send('Profiler.enable');
    await inspector.send('Profiler.setSamplingInterval', { interval: SAMPLING_MICROS });
    const nextAddress = addressCounter();
    const results: WorkerdLoad[] = [];
    try {
      for (const request of requests) {
        const options = {
          url: `http://127.0.0.1:${port}${request.path ?? '/graphql'}`,
          connections: 4,
          requests: [
            {
              method: 'POST' as const,
              body: request.body,
              setupRequest: (raw: { headers?: Record<string, string> }) => ({
                ...raw,
                headers: { 'content-type': 'application/json', accept: 'application/json', 'cf-connecting-ip': nextAddress() },
              }),
            },
          ],
        };
        await autocannon({ ...options, amount: 40 });
        const pids = workerdPids(wrangler.pid!);
        await inspector.send('Profiler.start');
        const before = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
        const started = performance.now();
        const result = await autocannon({ ...options, amount: count });
        const seconds = (performance.now() - started) / 1000;
        const after = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
        const { profile } = await inspector.send<{ profile: CpuProfile }>('Profiler.stop');
        const sampled = sampledMs(profile, SAMPLING_MICROS);
        if (process.env.BENCH_WORKERD_PROFILE_DIR) writeFileSync(join(process.env.BENCH_WORKERD_PROFILE_DIR, `${request.name.replace(/\W+/g, '_')}.cpuprofile`), JSON.stringify(profile));
        results.push({
          operation: request.name,
          isolateMs: sampled.busy / result.requests.sent,
          isolateCappedMs: sampled.capped / result.requests.sent,
          cpuMs: (after - before) / result.requests.sent,
          rps: result.requests.sent / seconds,
          errors: result.errors + result.non2xx + result.timeouts,
        });
      }
    } finally {
      inspector.close();
    }
    return results;
  } finally {
    try {
      process.kill(-wrangler.pid!, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

export async function measureWorkerd(dbPath: string, operations: readonly { operation: Operation; variables: Record<string, unknown> }[], requests: number): Promise<WorkerdLoad[]> {
  const database = await startHranaServer({ dbPath });
  try {
    const bodies = operations.map(({ operation, variables }) => ({ name: operation.name, body: JSON.stringify({ query: operation.query, variables }) }));
    return await loadWranglerDev(process.cwd(), ['--var', `LIBSQL_URL:${database.url}`, '--var', 'RESPONSE_CACHE:off'], bodies, requests);
  } finally {
    await database.close();
  }
}

/** A loop with a fixed amount of work, the same in Node and in the reference Worker below. */
const BURN_SOURCE = 'function burn(n) { let x = 0; for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003; return x; }';
const BURN_ITERATIONS = 400_000;

/** Process CPU time of one `burn(BURN_ITERATIONS)` in Node, median of 200 after a warm-up. */
function burnCpuMsInNode(): number {
  const burn = new Function(`${BURN_SOURCE}; return burn;`)() as (n: number) => number;
  burn(BURN_ITERATIONS * 3);
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const start = process.cpuUsage();
    burn(BURN_ITERATIONS);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  return times.sort((a, b) => a - b)[100]!;
}

/**
 * Two reference Workers, loaded the same way: one that answers a constant JSON body (what `wrangler
 * dev` and its local proxy cost per request, outside the Worker's own CPU), and one that first runs
 * a loop whose CPU time is measured in Node: how well the sampled figures recover a known cost.
 */
export async function measureReferenceWorkers(requests: number): Promise<{ constant: WorkerdLoad; known: WorkerdLoad; knownCpuMs: number }> {
  const directory = mkdtempSync(join(tmpdir(), 'workerd-floor-'));
  writeFileSync(
    join(directory, 'index.js'),
    `${BURN_SOURCE}\nexport default { fetch(request) { if (new URL(request.url).pathname === '/burn') burn(${BURN_ITERATIONS}); ` +
      `return new Response('{"data":{"__typename":"Query"}}', { headers: { 'content-type': 'application/json' } }); } };\n`,
  );
  writeFileSync(join(directory, 'wrangler.toml'), 'name = "floor"\nmain = "index.js"\ncompatibility_date = "2026-04-01"\ncompatibility_flags = ["nodejs_compat"]\n');
  const knownCpuMs = burnCpuMsInNode();
  const [constant, known] = await loadWranglerDev(
    directory,
    [],
    [
      { name: 'constant response (no app)', body: '{"query":"{ __typename }"}' },
      { name: `known CPU: a loop of ${knownCpuMs.toFixed(2)} ms in Node`, body: '{}', path: '/burn' },
    ],
    requests,
  );
  return { constant: constant!, known: known!, knownCpuMs };
}
