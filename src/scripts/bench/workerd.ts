/**
 * CPU per request of the Worker in workerd: `wrangler dev` (local, offline) against the data set
 * served over libSQL's HTTP protocol, as `npm run db:serve` does, with workerd's CPU time read from
 * /proc before and after a fixed number of requests. The database server runs in this process, so
 * its CPU is not counted. Bench-only; 127.0.0.1, bounded in count.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { startHranaServer } from '../../../tests/support/libsql-server/server';
import type { Operation } from './operations';

const TICKS = 100;

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
  cpuMs: number;
  rps: number;
  errors: number;
}

interface WorkerdRequest {
  name: string;
  body: string;
}

/** Starts `wrangler dev` (in `cwd`, with `args`), sends each request a fixed number of times, reads workerd's CPU. */
async function loadWranglerDev(cwd: string, args: string[], requests: readonly WorkerdRequest[], count: number): Promise<WorkerdLoad[]> {
  const port = 18_900 + Math.floor(Math.random() * 90);
  const wrangler = spawn(resolve('node_modules/.bin/wrangler'), ['dev', '--ip', '127.0.0.1', '--port', String(port), ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
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
    const results: WorkerdLoad[] = [];
    for (const request of requests) {
      const options = {
        url: `http://127.0.0.1:${port}/graphql`,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: request.body,
        connections: 4,
      };
      await autocannon({ ...options, amount: 40 });
      const pids = workerdPids(wrangler.pid!);
      const before = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
      const started = performance.now();
      const result = await autocannon({ ...options, amount: count });
      const seconds = (performance.now() - started) / 1000;
      const after = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
      results.push({
        operation: request.name,
        cpuMs: (after - before) / result.requests.sent,
        rps: result.requests.sent / seconds,
        errors: result.errors + result.non2xx + result.timeouts,
      });
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
    return await loadWranglerDev(process.cwd(), ['--var', `LIBSQL_URL:${database.url}`], bodies, requests);
  } finally {
    await database.close();
  }
}

/**
 * What `wrangler dev` itself costs per request: a Worker that answers a constant JSON body, loaded
 * the same way. Its CPU is the local dev proxy's and workerd's HTTP handling, which a deployed
 * Worker's CPU limit does not count; the API's figures less this one are the Worker's own.
 */
export async function measureDevProxyFloor(requests: number): Promise<WorkerdLoad> {
  const directory = mkdtempSync(join(tmpdir(), 'workerd-floor-'));
  writeFileSync(
    join(directory, 'index.js'),
    `export default { fetch() { return new Response('{"data":{"__typename":"Query"}}', { headers: { 'content-type': 'application/json' } }); } };\n`,
  );
  writeFileSync(join(directory, 'wrangler.toml'), 'name = "floor"\nmain = "index.js"\ncompatibility_date = "2026-04-01"\ncompatibility_flags = ["nodejs_compat"]\n');
  const [floor] = await loadWranglerDev(directory, [], [{ name: 'constant response (no app)', body: '{"query":"{ __typename }"}' }], requests);
  return floor!;
}
