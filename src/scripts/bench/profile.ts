/**
 * `npx tsx src/scripts/bench/profile.ts [operation] [requests] [functions] [scale]`: runs the API server
 * under a CPU profiler on `scale` synthetic records (default 1,000), sends one operation a fixed number of times, and prints where its CPU went,
 * grouped by package (self time), then the top `functions` functions (default 30) by self and by
 * inclusive time, and the profile's path (open it in Chrome DevTools for the whole tree).
 * Bench-only; 127.0.0.1, bounded in count.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { generateDataset } from './generate';
import { OPERATIONS } from './operations';
import { benchServerArguments, benchServerBundle } from './server-bundle';
import { apiRequest, bodiesOption } from './targets';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber?: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const readProfile = (profilePath: string) => JSON.parse(readFileSync(profilePath, 'utf8')) as Profile;

/** Calls `visit` for every sample that ran code (idle ones left out) with its time; returns their total, in µs. */
function forEachBusySample(profile: Profile, visit: (sample: number, node: ProfileNode, micros: number) => void): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  let busy = 0;
  profile.samples.forEach((sample, index) => {
    const node = byId.get(sample);
    const delta = profile.timeDeltas[index] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += delta;
    visit(sample, node, delta);
  });
  return busy;
}

/** Self time per group, in percent of the busy samples. */
export function profileGroups(profilePath: string): { group: string; percent: number }[] {
  const totals = new Map<string, number>();
  const busy = forEachBusySample(readProfile(profilePath), (_sample, node, delta) => {
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

/** A function as the profile names it: name, file and line (1-based). */
function functionOf({ functionName, url, lineNumber }: ProfileNode['callFrame']): string {
  const file = url.replace(/^.*node_modules\//, '').replace(/^.*\/(dist|src)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${(lineNumber ?? 0) + 1}` : ''}`.trim();
}

/**
 * Per function, self and inclusive time in percent of the busy samples; a function that recurses
 * counts once per sample in its inclusive time.
 */
export function profileFunctions(profilePath: string): { name: string; self: number; inclusive: number }[] {
  const profile = readProfile(profilePath);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const busy = forEachBusySample(profile, (sample, node, delta) => {
    const name = functionOf(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + delta);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parentOf.get(id)) {
      const frame = functionOf(byId.get(id)!.callFrame);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + delta);
    }
  });
  return [...inclusive].map(([name, micros]) => ({
    name,
    self: (100 * (self.get(name) ?? 0)) / busy,
    inclusive: (100 * micros) / busy,
  }));
}

async function main(): Promise<void> {
  const [name = 'nested', count = '500', top = '30', scale = '1000'] = process.argv.slice(2);
  const profilePath = await recordProfile(name, Number(count), Number(scale));
  const pct = (value: number) => `${value.toFixed(1).padStart(5)}%`;
  console.log('# self time by package');
  for (const { group, percent } of profileGroups(profilePath).slice(0, 25)) console.log(`${pct(percent)}  ${group}`);
  const functions = profileFunctions(profilePath);
  console.log('\n# functions by self time (self, inclusive)');
  for (const f of [...functions].sort((a, b) => b.self - a.self).slice(0, Number(top))) console.log(`${pct(f.self)} ${pct(f.inclusive)}  ${f.name}`);
  console.log('\n# functions by inclusive time (inclusive, self)');
  for (const f of [...functions].sort((a, b) => b.inclusive - a.inclusive).slice(0, Number(top))) console.log(`${pct(f.inclusive)} ${pct(f.self)}  ${f.name}`);
  console.log(`\nprofile: ${profilePath}`);
}

/** Profiles `count` requests of one operation on the 1,000-record data set; groups by package. */
export async function profileOperation(name: string, count: number): Promise<{ group: string; percent: number }[]> {
  return profileGroups(await recordProfile(name, count));
}

/** Runs the API server under the profiler for `count` requests of one operation on `scale` records; the profile's path. */
async function recordProfile(name: string, count: number, scale = 1000): Promise<string> {
  const operation = OPERATIONS.find((o) => o.name === name) ?? OPERATIONS[0]!;
  const dbPath = await generateDataset(`data/bench-${scale}.db`, scale);
  const profilePath = join(mkdtempSync(join(tmpdir(), 'profile-')), 'requests.cpuprofile');
  const child = spawn(process.execPath, await benchServerArguments('api', dbPath, await benchServerBundle({ profiled: true })), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_PROFILE: profilePath },
  });
  const port = await new Promise<number>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  // The bench's own requests: an operation that varies its values (or writes them into the text)
  // sends them in turn here too.
  const request = apiRequest(operation, operation.variables ?? {}, scale);
  const load = (amount: number) =>
    autocannon({ url: `http://127.0.0.1:${port}/graphql`, method: 'POST', headers: { 'content-type': 'application/json' }, body: request.body, ...bodiesOption(request), connections: 10, amount });
  // A warm-up, so that lazy loading and JIT compilation stay out of the profile's picture.
  await load(100);
  await load(count);
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
  return profilePath;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
