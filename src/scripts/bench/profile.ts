/**
 * `npx tsx src/scripts/bench/profile.ts [operation] [requests]`: runs the API server under
 * `--cpu-prof`, sends one operation a fixed number of times, and prints where its CPU went,
 * grouped by package (self time). Bench-only; 127.0.0.1, bounded in count.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { generateDataset } from './generate';
import { OPERATIONS } from './operations';
import { benchServerArguments } from './server-bundle';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

/** Self time per group, in percent of the busy samples. */
export function profileGroups(profilePath: string): { group: string; percent: number }[] {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((sample, index) => {
    const node = byId.get(sample);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += delta;
    const group = groupOf(node.callFrame);
    totals.set(group, (totals.get(group) ?? 0) + delta);
  });
  return [...totals].map(([group, micros]) => ({ group, percent: (100 * micros) / busy })).sort((a, b) => b.percent - a.percent);
}

function groupOf({ functionName, url }: { functionName: string; url: string }): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return '(program: native, JIT)';
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.includes('/src/')) return `app: ${url.slice(url.indexOf('/src/') + 5)}`;
  // The bench runs the server as a bundle (src/scripts/bench/server-bundle.ts): its own code is the app's.
  if (url.includes('/dist/bench/')) return 'app (src/, bundled)';
  if (url === '' && /libsql|sqlite/i.test(functionName)) return 'SQLite + libsql (native)';
  if (url === '' && /^(parse|stringify)$/.test(functionName)) return 'JSON';
  if (url === '') return `native: ${functionName}`;
  if (url.startsWith('node:')) return 'node internals (http, streams, async hooks)';
  return url;
}

async function main(): Promise<void> {
  const [name = 'nested', count = '500'] = process.argv.slice(2);
  for (const { group, percent } of (await profileOperation(name, Number(count))).slice(0, 25)) console.log(`${percent.toFixed(1).padStart(5)}%  ${group}`);
}

/** Profiles `count` requests of one operation on the 1,000-record data set; groups by package. */
export async function profileOperation(name: string, count: number): Promise<{ group: string; percent: number }[]> {
  const operation = OPERATIONS.find((o) => o.name === name) ?? OPERATIONS[0]!;
  const dbPath = await generateDataset('data/bench-1000.db', 1000);
  const profilePath = join(mkdtempSync(join(tmpdir(), 'profile-')), 'requests.cpuprofile');
  const child = spawn(process.execPath, await benchServerArguments('api', dbPath), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_PROFILE: profilePath },
  });
  const port = await new Promise<number>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  const body = JSON.stringify({ query: operation.query, variables: operation.variables ?? {} });
  // A warm-up, so that lazy loading and JIT compilation stay out of the profile's picture.
  await autocannon({ url: `http://127.0.0.1:${port}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 10, amount: 100 });
  await autocannon({ url: `http://127.0.0.1:${port}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 10, amount: Number(count) });
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
  return profileGroups(profilePath);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
