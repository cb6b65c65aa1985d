/**
 * `npm run bench`: loads the API and a hand-written baseline with autocannon, on data sets of
 * growing size, and writes BENCHMARKS.md and BENCHMARKS.svg. Not a test: figures are ratios taken in
 * one run on a noisy machine. Everything runs on 127.0.0.1, bounded in time.
 *
 * Each measurement loads one server for a fixed duration (BENCH_SECONDS) and reads its process's CPU
 * time (utime + stime in /proc/<pid>/stat) before and after: req/s is the requests answered over
 * that time, CPU ms per request (much steadier on a shared machine) the CPU time over them. API and
 * baseline are measured back to back, BENCH_ROUNDS times; each figure is the median over the
 * rounds, and the throughput ratio the median of the rounds' own ratios. Both servers run as
 * bundles on plain `node`, as `npm start` does.
 *
 * Environment: BENCH_SCALES (default "1000,10000,100000"), BENCH_SECONDS per measurement (default
 * 5), BENCH_ROUNDS (default 3), BENCH_REQUESTS for the CPU profile and workerd (default 400), BENCH_CONNECTIONS
 * (default 10), BENCH_OPERATIONS (comma-separated names; default all), BENCH_WORKER=0 skips the
 * Worker build and start-up profile, BENCH_PROFILE=0 the CPU profile of the nested operation.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { generateDataset } from './generate';
import { OPERATIONS, type Operation } from './operations';
import { renderChart } from './chart';
import { explainOperations, type ExplainedStatement } from './explain';
import { profileOperation } from './profile';
import { measureReferenceWorkers, measureWorkerd, type WorkerdLoad } from './workerd';
import { measureStartup, median as medianOf, type StartupSummary } from './startup';
import { apiRequest, baselineRequest, load as loadTarget, median, middle, post, responseTimes, startTarget, variablesFor, type BenchRequest, type Load, type Target } from './targets';

const SCALES = (process.env.BENCH_SCALES ?? '1000,10000,100000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const ONLY = process.env.BENCH_OPERATIONS ? new Set(process.env.BENCH_OPERATIONS.split(',')) : null;
const SELECTED = OPERATIONS.filter((operation) => !ONLY || ONLY.has(operation.name));
const WORKER = process.env.BENCH_WORKER !== '0';
const PROFILE = process.env.BENCH_PROFILE !== '0';
const load = (target: Target, request: BenchRequest) => loadTarget(target, request, { seconds: SECONDS, connections: CONNECTIONS });

/** Duration-based load without a CPU reading (the cache-hit run). */
async function loadFor(url: string, request: BenchRequest): Promise<Load> {
  const latencies = responseTimes();
  const result = await autocannon({
    setupClient: latencies.setupClient,
    url: url + request.path,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: request.body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  return { rps: result.requests.average, ...latencies.percentiles(), errors: result.errors + result.non2xx + result.timeouts, cpuMs: NaN, requests: result.requests.total };
}

interface Row {
  scale: number;
  operation: string;
  api: Load;
  baseline: Load;
  /** Median over the rounds of API req/s ÷ baseline req/s, each round's pair measured back to back. */
  ratio: number;
  statements: number;
  roundTrips: number;
  sameData: boolean;
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

let explained = new Map<string, ExplainedStatement[]>();

async function main(): Promise<void> {
  const started = Date.now();
  const rows: Row[] = [];
  const rss: { scale: number; api: number; baseline: number }[] = [];
  const cachedRows: { scale: number; load: Load; roundTrips: number }[] = [];
  for (const scale of SCALES) {
    const dbPath = await generateDataset(`data/bench-${scale}.db`, scale);
    console.error(`# ${scale.toLocaleString('en-US')} synthetic records (${dbPath})`);
    const api = await startTarget('api', dbPath);
    let baseline: Target | undefined;
    try {
      baseline = await startTarget('baseline', dbPath);
      for (const operation of SELECTED) {
        const variables = await variablesFor(operation, api.url);
        const apiReq = apiRequest(operation, variables.api, scale);
        const baseReq = baselineRequest(operation, variables.baseline, scale);
        if (!baseline) throw new Error('baseline not started');
        const apiResult = await post(api.url, apiReq);
        const baseResult = await post(baseline.url, baseReq);
        if (apiResult.errors) throw new Error(`${operation.name}: ${JSON.stringify(apiResult.errors)}`);
        const sameData = JSON.stringify(apiResult.data) === JSON.stringify(baseResult.data);
        const apiLoads: Load[] = [];
        const baseLoads: Load[] = [];
        for (let round = 0; round < ROUNDS; round += 1) {
          apiLoads.push(await load(api, apiReq));
          baseLoads.push(await load(baseline, baseReq));
        }
        const apiLoad = median(apiLoads);
        const baseLoad = median(baseLoads);
        const row: Row = {
          scale,
          operation: operation.name,
          api: apiLoad,
          baseline: baseLoad,
          ratio: middle(apiLoads.map((api, round) => api.rps / baseLoads[round]!.rps)),
          statements: apiResult.extensions?.db?.statements ?? NaN,
          roundTrips: apiResult.extensions?.db?.roundTrips ?? NaN,
          sameData,
        };
        rows.push(row);
        console.error(
          `${operation.name.padEnd(10)} api ${fmt(apiLoad.rps).padStart(6)} req/s ${fmt(apiLoad.cpuMs, 2)} CPU ms/req p50 ${fmt(apiLoad.p50, 2)} ms | baseline ${fmt(baseLoad.rps).padStart(6)} req/s ${fmt(baseLoad.cpuMs, 2)} CPU ms/req p50 ${fmt(baseLoad.p50, 2)} ms | ratio ${fmt(row.ratio, 2)} (rounds: ${apiLoads.map((api, round) => fmt(api.rps / baseLoads[round]!.rps, 2)).join(', ')}) | ${row.statements} st / ${row.roundTrips} rt | same data: ${sameData}`,
        );
      }
      rss.push({ scale, api: api.peakRssMb(), baseline: baseline.peakRssMb() });
      if (scale === SCALES.at(-1)) {
        const withVariables = [];
        for (const operation of SELECTED) withVariables.push({ operation, variables: (await variablesFor(operation, api.url)).api });
        explained = await explainOperations(dbPath, withVariables);
      }
    } finally {
      await api.stop();
      await baseline?.stop();
    }
    // A response-cache hit: the nested list served again from memory.
    const cached = await startTarget('cached', dbPath);
    try {
      const nested = OPERATIONS[0]!;
      const request = apiRequest(nested, {});
      await post(cached.url, request);
      const hit = await post(cached.url, request);
      cachedRows.push({ scale, load: await loadFor(cached.url, request), roundTrips: hit.extensions?.db?.roundTrips ?? NaN });
    } finally {
      await cached.stop();
    }
  }

  const bundle = WORKER ? workerBundleSize() : null;
  const startupSummary = WORKER ? workerStartup() : null;
  const profile = PROFILE ? await profileOperation('nested', REQUESTS * 2) : [];
  const workerd = WORKER ? await workerdLoads() : [];
  const markdown = report(rows, rss, cachedRows, bundle, startupSummary, (Date.now() - started) / 1000, explained, profile, workerd);
  writeFileSync('BENCHMARKS.md', markdown);
  writeFileSync('BENCHMARKS.svg', renderChart(rows, SCALES));
  console.log(markdown);
}

/**
 * The nested and node operations in workerd, next to `{ __typename }` (what any request costs
 * there) and two reference Workers (a constant response; a loop of known CPU time), last in the list.
 */
async function workerdLoads(): Promise<WorkerdLoad[]> {
  const floor: Operation = { name: '{ __typename }', description: '', query: '{ __typename }', baseline: async () => null };
  const picked = [floor, ...OPERATIONS.filter((o) => o.name === 'nested' || o.name === 'node')];
  const count = Math.min(REQUESTS, 200);
  try {
    const dbPath = await generateDataset(`data/bench-${SCALES[0]}.db`, SCALES[0]!);
    const api = await measureWorkerd(dbPath, picked.map((operation) => ({ operation, variables: operation.variables ?? {} })), count);
    const reference = await measureReferenceWorkers(count);
    return [...api, reference.constant, reference.known];
  } catch (error) {
    console.error('workerd measurement failed:', error);
    return [];
  }
}

/** Each target of the issue next to what this run measured. */
function targets(
  rows: Row[],
  rss: { scale: number; api: number; baseline: number }[],
  bundle: { raw: string; gzip: string } | null,
  startup: number | null,
  workerd: WorkerdLoad[],
): string[] {
  const first = SCALES[0]!;
  const last = SCALES.at(-1)!;
  const mark = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'met' : '**missed**');
  const lines = [`## Targets (${fmt(first)} records unless said)`, '', '| target | measured | |', '|---|--:|:-:|'];
  for (const row of rows.filter((r) => r.scale === first)) {
    const ratio = row.ratio;
    lines.push(`| ${row.operation}: ≥ 0.5× the baseline's req/s | ${fmt(ratio, 2)}× | ${mark(ratio >= 0.5)} |`);
  }
  const nested = rows.find((r) => r.scale === first && r.operation === 'nested');
  if (nested) lines.push(`| nested: ≤ 4 ms CPU per request (Node) | ${fmt(nested.api.cpuMs, 2)} ms | ${mark(nested.api.cpuMs <= 4)} |`);
  if (SCALES.length > 1) {
    for (const operation of SELECTED) {
      const a = rows.find((r) => r.scale === first && r.operation === operation.name);
      const b = rows.find((r) => r.scale === last && r.operation === operation.name);
      if (!a || !b) continue;
      const growth = b.api.p50 / a.api.p50;
      lines.push(`| ${operation.name}: p50 at ${fmt(last)} ≤ 1.5× p50 at ${fmt(first)} | ${fmt(growth, 2)}× | ${mark(growth <= 1.5)} |`);
    }
  }
  const workerdNested = workerd.find((w) => w.operation === 'nested');
  lines.push(
    `| nested in workerd: ≤ 8 ms CPU per uncached request (the Worker isolate's own CPU, sampled; upper estimate) | ${workerdNested ? `${fmt(workerdNested.isolateMs, 2)}–${fmt(workerdNested.isolateCappedMs, 2)} ms` : '–'} | ${mark(workerdNested ? workerdNested.isolateCappedMs <= 8 : null)} |`,
  );
  const peak = Math.max(...rss.map((r) => r.api));
  lines.push(`| Node RSS under load ≤ 150 MB | ${fmt(peak)} MB | ${mark(peak <= 150)} |`);
  lines.push(`| \`wrangler check startup\` ≤ 100 ms CPU | ${startup === null ? '–' : `${fmt(startup, 1)} ms`} | ${mark(startup === null ? null : startup <= 100)} |`);
  const gzipKiB = bundle ? Number.parseFloat(bundle.gzip) : null;
  lines.push(`| bundle ≤ 1 MiB gzip | ${bundle ? bundle.gzip : '–'} | ${mark(gzipKiB === null ? null : gzipKiB <= 1024)} |`);
  const trips = rows.filter((r) => r.roundTrips !== 1);
  lines.push(`| 1 database round trip per read operation | ${trips.length === 0 ? 'all 1' : trips.map((r) => `${r.operation}@${r.scale}: ${r.roundTrips}`).join(', ')} | ${mark(trips.length === 0)} |`);
  lines.push('');
  return lines;
}

/** `wrangler deploy --dry-run` prints "Total Upload: X KiB / gzip: Y KiB". */
function workerBundleSize(): { raw: string; gzip: string } | null {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { encoding: 'utf8', timeout: 180_000 });
  const match = /Total Upload:\s*([\d.]+ KiB)\s*\/\s*gzip:\s*([\d.]+ KiB)/.exec(`${build.stdout}${build.stderr}`);
  return match ? { raw: match[1]!, gzip: match[2]! } : null;
}

/** Start-up of the Worker module in workerd (schema build included), from `wrangler check startup` run several times. */
function workerStartup(): StartupSummary | null {
  try {
    return measureStartup(5);
  } catch (error) {
    console.error('start-up measurement failed:', error);
    return null;
  }
}

function report(
  rows: Row[],
  rss: { scale: number; api: number; baseline: number }[],
  cachedRows: { scale: number; load: Load; roundTrips: number }[],
  bundle: { raw: string; gzip: string } | null,
  startupSummary: StartupSummary | null,
  seconds: number,
  explained: Map<string, ExplainedStatement[]>,
  profile: { group: string; percent: number }[],
  workerd: WorkerdLoad[],
): string {
  const first = SCALES[0]!;
  const last = SCALES.at(-1)!;
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(
    `Written by \`npm run bench\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPU × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}, ` +
      `${CONNECTIONS} connections, ${SECONDS} s per measurement, median of ${ROUNDS} interleaved rounds, whole run ${fmt(seconds)} s, load average at the end ${loadavg().map((l) => fmt(l, 1)).join(' / ')}). The API runs as the Node server on the embedded libSQL file with the response cache off; ` +
      'the baseline is a plain HTTP handler running hand-written SQL and serialising the same JSON (checked: "same data"). ' +
      'CPU ms/req is the server process\'s user + system CPU time (/proc/<pid>/stat) over those requests, divided by their number; the ratio is the median of each round\'s API ÷ baseline req/s. ' +
      'Figures are ratios within one run; the machine is noisy.',
    '',
  );
  for (const scale of SCALES) {
    lines.push(`## ${fmt(scale)} synthetic records on top of the seed`, '');
    lines.push('| operation | API req/s | API CPU ms/req | API p50 ms | API p99 ms | baseline req/s | baseline CPU ms/req | baseline p50 ms | baseline p99 ms | API ÷ baseline (req/s) | statements | round trips | same data |');
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|');
    for (const row of rows.filter((r) => r.scale === scale)) {
      lines.push(
        `| ${row.operation} | ${fmt(row.api.rps)} | ${fmt(row.api.cpuMs, 2)} | ${fmt(row.api.p50, 2)} | ${fmt(row.api.p99, 1)} | ${fmt(row.baseline.rps)} | ${fmt(row.baseline.cpuMs, 2)} | ${fmt(row.baseline.p50, 2)} | ${fmt(row.baseline.p99, 1)} | ${fmt(row.ratio, 2)}× | ${row.statements} | ${row.roundTrips} | ${row.sameData ? 'yes' : 'no'} |`,
      );
    }
    const cached = cachedRows.find((c) => c.scale === scale);
    if (cached) {
      lines.push(`| nested, response-cache hit | ${fmt(cached.load.rps)} | | ${fmt(cached.load.p50, 2)} | ${fmt(cached.load.p99, 1)} | | | | | | 0 | ${cached.roundTrips} | |`);
    }
    const peak = rss.find((r) => r.scale === scale);
    if (peak) lines.push('', `Peak RSS under load: API ${fmt(peak.api)} MB, baseline ${fmt(peak.baseline)} MB.`);
    lines.push('');
  }
  if (SCALES.length > 1) {
    lines.push(`## How p50 grows from ${fmt(first)} to ${fmt(last)} records (API)`, '');
    lines.push(`| operation | ${SCALES.map((s) => `p50 at ${fmt(s)} (ms)`).join(' | ')} | growth |`);
    lines.push(`|---|${SCALES.map(() => '--:').join('|')}|--:|`);
    for (const operation of SELECTED) {
      const p50 = SCALES.map((s) => rows.find((r) => r.scale === s && r.operation === operation.name)?.api.p50 ?? NaN);
      const growth = p50.at(-1)! / p50[0]!;
      lines.push(`| ${operation.name} | ${p50.map((value) => fmt(value, 2)).join(' | ')} | ${fmt(growth, 2)}× |`);
    }
    lines.push('', 'p50 and p99 come from each response\'s time as autocannon\'s clients measure it, in fractional milliseconds (its own histogram keeps whole ones).', '');
  }
  const startup = startupSummary ? medianOf(startupSummary.runs) : null;
  lines.push(...targets(rows, rss, bundle, startup, workerd));
  if (workerd.length > 0) {
    lines.push(`## In workerd (\`wrangler dev\`, local, against the ${fmt(first)}-record data set over libSQL's HTTP protocol)`, '');
    lines.push(
      'Uncached reads (`RESPONSE_CACHE=off`), each request from its own client address (`CF-Connecting-IP`), so neither the response ' +
        "cache nor the cost bucket is in the way. **Worker CPU**: a V8 CPU profile of the Worker's isolate over the requests, taken " +
        "through wrangler dev's DevTools inspector (Profiler.start/stop, 200 µs sampling): the low figure counts its samples that ran " +
        'code times the interval (a lower bound: on a busy machine the sampler falls behind), the high one weights each by the time ' +
        "since the previous sample, capped at 1 ms. miniflare's own services (entry worker, Cache API, rate-limit binding) run in other " +
        "isolates and are not in it, as they are not in a deployed Worker's CPU. **workerd process CPU**: every workerd process wrangler " +
        'started (/proc), all of that included; the database server is not counted. The last two rows are reference Workers: one answers ' +
        'a constant body, the other first runs a loop whose CPU time was measured in Node, to show how close the sampled figures come to a known cost.',
      '',
    );
    lines.push('| operation | Worker CPU ms/req (low–high) | workerd process CPU ms/req | req/s | errors |', '|---|--:|--:|--:|--:|');
    for (const w of workerd) {
      lines.push(`| ${w.operation} | ${fmt(w.isolateMs, 2)}–${fmt(w.isolateCappedMs, 2)} | ${fmt(w.cpuMs, 2)} | ${fmt(w.rps, 1)} | ${w.errors} |`);
    }
    lines.push('');
  }
  if (profile.length > 0) {
    lines.push(`## Where the CPU goes (nested, ${fmt(REQUESTS * 2)} requests at ${fmt(first)} records, self time by package)`, '');
    lines.push('| share | group |', '|--:|---|');
    for (const { group, percent } of profile.slice(0, 15)) lines.push(`| ${fmt(percent, 1)}% | ${group} |`);
    lines.push('');
  }
  if (explained.size > 0) {
    lines.push(`## EXPLAIN QUERY PLAN at ${fmt(last)} records`, '');
    for (const [name, statements] of explained) {
      lines.push(`### ${name} (${statements.length} statement${statements.length === 1 ? '' : 's'})`, '');
      statements.forEach((statement, index) => {
        lines.push('```', `-- statement ${index + 1}: ${statement.sql.length > 300 ? `${statement.sql.slice(0, 300)}…` : statement.sql}`, ...statement.plan, '```', '');
      });
    }
  }
  lines.push('## Worker', '');
  lines.push(`- Bundle (\`npm run build\`): ${bundle ? `${bundle.raw} raw, **${bundle.gzip} gzip**` : 'not measured (build failed)'}.`);
  if (startupSummary) {
    const list = (values: number[]) => [...values].sort((x, y) => x - y).map((ms) => fmt(ms, 1)).join(', ');
    lines.push(
      `- Module start-up in workerd (\`wrangler check startup\` on the Worker as deployed, schema build included): **${fmt(medianOf(startupSummary.runs), 1)} ms** median of ${startupSummary.runs.length} runs (${list(startupSummary.runs)} ms: sampled wall time, so a busy machine inflates it; the low runs are the telling ones).`,
      `- The same bundle evaluated in a fresh Node process: ${fmt(medianOf(startupSummary.nodeRuns), 1)} ms of process CPU time, median (${list(startupSummary.nodeRuns)}; Node's compiler and GC threads included).`,
      '',
      '| ms per start (unminified build) | where |',
      '|--:|---|',
      ...startupSummary.byPackage.slice(0, 12).map(({ group, ms }) => `| ${fmt(ms, 1)} | ${group} |`),
      '',
    );
  } else {
    lines.push('- Module start-up in workerd: not measured.');
  }
  lines.push('', '## Operations', '');
  for (const operation of SELECTED) lines.push(`- **${operation.name}**: ${operation.description}. \`${operation.query}\``);
  lines.push('', '![p50 and throughput ratio by data-set size](BENCHMARKS.svg)', '');
  return lines.join('\n');
}

await main();
