/**
 * CPU per request of the Worker in workerd: `wrangler dev` (local, offline) against the data set
 * served over libSQL's HTTP protocol, as `npm run db:serve` does, with workerd's CPU time read from
 * /proc before and after a fixed number of requests. The database server runs in this process, so
 * its CPU is not counted. Bench-only; 127.0.0.1, bounded in count.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startHranaServer } from '../hrana-server';
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

export async function measureWorkerd(dbPath: string, operations: readonly { operation: Operation; variables: Record<string, unknown> }[], requests: number): Promise<WorkerdLoad[]> {
  const database = await startHranaServer({ dbPath });
  const port = 18_900 + Math.floor(Math.random() * 90);
  const wrangler = spawn('npx', ['wrangler', 'dev', '--ip', '127.0.0.1', '--port', String(port), '--var', `LIBSQL_URL:${database.url}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('wrangler dev did not start')), 120_000);
      const watch = (chunk: Buffer) => {
        if (/Ready on/.test(chunk.toString())) {
          clearTimeout(timer);
          resolve();
        }
      };
      wrangler.stdout!.on('data', watch);
      wrangler.stderr!.on('data', watch);
      wrangler.once('exit', (code) => reject(new Error(`wrangler dev exited with ${code}`)));
    });
    const results: WorkerdLoad[] = [];
    for (const { operation, variables } of operations) {
      const options = {
        url: `http://127.0.0.1:${port}/graphql`,
        method: 'POST' as const,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: operation.query, variables }),
        connections: 4,
      };
      await autocannon({ ...options, amount: 40 });
      const pids = workerdPids(wrangler.pid!);
      const before = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
      const started = performance.now();
      const result = await autocannon({ ...options, amount: requests });
      const seconds = (performance.now() - started) / 1000;
      const after = pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
      results.push({
        operation: operation.name,
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
    await database.close();
  }
}
