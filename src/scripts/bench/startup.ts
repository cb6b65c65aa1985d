/**
 * `npx tsx src/scripts/bench/startup.ts [runs]`: the Worker's start-up CPU as `wrangler check
 * startup` measures it, over several runs (its sampling is coarse and counts time the thread waited
 * for a core, so the low runs are the telling ones on a busy machine), next to the CPU time Node
 * spends evaluating the same bundle, the CPU time workerd's main thread spends loading it, and
 * where it went: self time per bundled module and the heaviest call paths, mapped through esbuild's
 * `// path` markers in an unminified build. Bench-only.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { unstable_readConfig } from 'wrangler';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** CPU time of the samples that ran code (idle and the profiler's own "(program)" left out), in ms. */
export function busyMs(profile: Profile): number {
  const idle = new Set(profile.nodes.filter((node) => ['(idle)', '(program)'].includes(node.callFrame.functionName)).map((node) => node.id));
  let busyMicros = 0;
  profile.samples.forEach((sample, index) => {
    if (!idle.has(sample)) busyMicros += profile.timeDeltas[index + 1] ?? 0;
  });
  return busyMicros / 1000;
}

/** Start line of each module in the bundle, from esbuild's `// node_modules/…` / `// src/…` comments. */
function moduleStarts(bundle: string): { line: number; module: string }[] {
  const starts: { line: number; module: string }[] = [];
  bundle.split('\n').forEach((text, line) => {
    const match = /^\/\/ ((?:node_modules|src)\/\S+|\S+\.(?:js|ts|mjs|cjs))$/.exec(text);
    if (match) starts.push({ line, module: match[1]! });
  });
  return starts;
}

function moduleAt(starts: { line: number; module: string }[], line: number): string {
  let low = 0;
  let high = starts.length - 1;
  let found = '(bundle prelude)';
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (starts[mid]!.line <= line) {
      found = starts[mid]!.module;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Groups a module path by package (or by source file for the app). */
function packageOf(module: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(module);
  return match ? match[1]! : module;
}

export interface StartupSummary {
  /** `wrangler check startup` on the Worker as configured (minified), ms of busy samples per run. */
  runs: number[];
  /** CPU time (user + system) of evaluating the same bundle in a fresh Node process, per run. */
  nodeRuns: number[];
  /**
   * CPU time of workerd's main thread from its start until it listens with the Worker loaded, less
   * the same for an empty Worker, per run (Linux: the thread's schedstat). Time spent waiting for a
   * core is not in it, and parsing and compiling the script are, unlike in the profile's samples.
   */
  workerdRuns: number[];
  byPackage: { group: string; ms: number }[];
  byModule: { group: string; ms: number }[];
  inclusive: { frame: string; ms: number }[];
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
export const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;

function wrangler(args: string[]): void {
  const run = spawnSync('npx', ['wrangler', ...args], { encoding: 'utf8', timeout: 180_000 });
  if (run.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed: ${run.stderr}`);
}

/** CPU time of importing one bundle in a fresh Node process: steadier than sampled wall time on a busy machine. */
function nodeEvaluationMs(bundle: string): number {
  const script = `const c0 = process.cpuUsage(); await import(${JSON.stringify(bundle)}); const c = process.cpuUsage(c0); console.log((c.user + c.system) / 1000);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`evaluating ${bundle} failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

/** workerd's main-thread CPU time, in ms, from its start until it listens with the given config loaded. */
function workerdLoadMs(workerd: string, config: string): number {
  const script = `
    import { spawn } from 'node:child_process';
    import { readFileSync } from 'node:fs';
    const child = spawn(${JSON.stringify(workerd)}, ['serve', ${JSON.stringify(config)}, '--control-fd=3', '--socket-addr=http=127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'inherit', 'pipe'] });
    child.stdio[3].on('data', (data) => {
      if (!String(data).includes('"event":"listen"')) return;
      console.log(Number(readFileSync('/proc/' + child.pid + '/task/' + child.pid + '/schedstat', 'utf8').split(' ')[0]) / 1e6);
      child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => { if (signal !== 'SIGKILL') { console.error('workerd exited', code); process.exit(1); } });`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`workerd serve ${config} failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

/**
 * A workerd config that loads `script` as a Worker's main module with wrangler.toml's compatibility
 * settings, and beside it the text modules wrangler uploads with it (OpenCC's dictionaries).
 */
function workerdConfig(dir: string, name: string, script: string, textModules: string[] = []): string {
  const { compatibility_date: date, compatibility_flags: flags } = unstable_readConfig({ config: 'wrangler.toml' }, { hideWarnings: true });
  copyFileSync(script, join(dir, `${name}.js`));
  const texts = textModules.map((path) => `(name = ${JSON.stringify(basename(path))}, text = embed ${JSON.stringify(relative(dir, path))})`);
  const config = join(dir, `${name}.capnp`);
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "${name}.js")${texts.map((text) => `, ${text}`).join('')}],
  compatibilityDate = "${date}",
  compatibilityFlags = [${flags.map((flag: string) => JSON.stringify(flag)).join(', ')}],
);
`,
  );
  return config;
}

/**
 * Runs `wrangler check startup` `runs` times on the Worker as deployed (and evaluates that bundle in
 * Node as often); then profiles an unminified build as many times, to say where the time goes.
 */
export function measureStartup(runs: number): StartupSummary {
  const dir = mkdtempSync(join(tmpdir(), 'startup-'));
  // The upload form that `check startup --worker` takes, and the same build as a plain module.
  wrangler(['deploy', '--dry-run', '--outfile', join(dir, 'worker.bundle'), '--env=']);
  wrangler(['deploy', '--dry-run', '--outdir', join(dir, 'deployed'), '--env=']);
  // Unminified, so that esbuild's `// path` markers attribute samples to modules.
  wrangler(['deploy', '--dry-run', '--no-minify', '--outfile', join(dir, 'readable.bundle'), '--env=']);
  wrangler(['deploy', '--dry-run', '--no-minify', '--outdir', join(dir, 'readable'), '--env=']);
  const starts = moduleStarts(readFileSync(join(dir, 'readable', 'worker.js'), 'utf8'));
  // The workerd binary wrangler runs (through miniflare), loading the deployed script or an empty Worker.
  const workerd = (createRequire(createRequire(import.meta.url).resolve('miniflare'))('workerd') as { default: string }).default;
  writeFileSync(join(dir, 'empty-worker.js'), 'export default { fetch: () => new Response(null) };');
  const deployed = join(dir, 'deployed');
  const textModules = readdirSync(deployed).filter((name) => /^[0-9a-f]{40}-/.test(name));
  const deployedConfig = workerdConfig(
    dir,
    'deployed-worker',
    join(deployed, 'worker.js'),
    textModules.map((name) => join(deployed, name)),
  );
  const emptyConfig = workerdConfig(dir, 'empty-worker', join(dir, 'empty-worker.js'));
  const totals: number[] = [];
  const nodeRuns: number[] = [];
  const workerdRuns: number[] = [];
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (let run = 0; run < runs; run++) {
    const outfile = join(dir, `startup-${run}.cpuprofile`);
    wrangler(['check', 'startup', '--worker', join(dir, 'worker.bundle'), '--outfile', outfile]);
    totals.push(busyMs(JSON.parse(readFileSync(outfile, 'utf8')) as Profile));
    nodeRuns.push(nodeEvaluationMs(join(dir, 'deployed', 'worker.js')));
    workerdRuns.push(workerdLoadMs(workerd, deployedConfig) - workerdLoadMs(workerd, emptyConfig));
    const readableOutfile = join(dir, `readable-${run}.cpuprofile`);
    wrangler(['check', 'startup', '--worker', join(dir, 'readable.bundle'), '--outfile', readableOutfile]);
    const profile = JSON.parse(readFileSync(readableOutfile, 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
    const inBundle = (node: ProfileNode) => node.callFrame.url.endsWith('worker.js');
    const frameName = (node: ProfileNode) =>
      `${node.callFrame.functionName || '(anonymous)'} @ ${inBundle(node) ? moduleAt(starts, node.callFrame.lineNumber) : node.callFrame.url || 'native'}`;
    profile.samples.forEach((sample, index) => {
      const node = byId.get(sample);
      const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000 / runs;
      if (!node || ['(idle)', '(program)', '(root)'].includes(node.callFrame.functionName)) return;
      const module = inBundle(node) ? moduleAt(starts, node.callFrame.lineNumber) : node.callFrame.functionName || 'native';
      self.set(module, (self.get(module) ?? 0) + ms);
      // Inclusive time: every distinct frame on the sample's stack.
      const seen = new Set<string>();
      for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
        const frame = byId.get(id)!;
        if (frame.callFrame.functionName === '(root)') break;
        const name = frameName(frame);
        if (seen.has(name)) continue;
        seen.add(name);
        inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
      }
    });
  }
  const byPackage = new Map<string, number>();
  for (const [module, ms] of self) byPackage.set(packageOf(module), (byPackage.get(packageOf(module)) ?? 0) + ms);
  const ranked = (map: Map<string, number>) => [...map].map(([group, ms]) => ({ group, ms })).sort((a, b) => b.ms - a.ms);
  return {
    runs: totals,
    nodeRuns,
    workerdRuns,
    byPackage: ranked(byPackage),
    byModule: ranked(self),
    inclusive: [...inclusive].map(([frame, ms]) => ({ frame, ms })).sort((a, b) => b.ms - a.ms),
  };
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5);
  const summary = measureStartup(runs);
  const list = (values: number[]) => sorted(values).map((ms) => ms.toFixed(1)).join(', ');
  console.log(`wrangler check startup, busy ms per run (sorted): ${list(summary.runs)}; median ${median(summary.runs).toFixed(1)}`);
  console.log(`Node, CPU ms to evaluate the same bundle (sorted): ${list(summary.nodeRuns)}; median ${median(summary.nodeRuns).toFixed(1)}`);
  console.log(
    `workerd main thread, CPU ms to load it, less an empty Worker's (sorted): ${list(summary.workerdRuns)}; median ${median(summary.workerdRuns).toFixed(1)}`,
  );
  console.log('\nunminified build, self time by package (ms, mean per run):');
  for (const { group, ms } of summary.byPackage.slice(0, 20)) console.log(`${ms.toFixed(1).padStart(7)}  ${group}`);
  console.log('\nself time by module (ms, mean per run):');
  for (const { group, ms } of summary.byModule.slice(0, 25)) console.log(`${ms.toFixed(1).padStart(7)}  ${group}`);
  console.log('\ninclusive time by frame (ms, mean per run):');
  for (const { frame, ms } of summary.inclusive.slice(0, 60)) console.log(`${ms.toFixed(1).padStart(7)}  ${frame}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
