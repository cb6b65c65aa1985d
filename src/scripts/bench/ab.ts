/**
 * `npx tsx src/scripts/bench/ab.ts [ref]`: the API server of this checkout beside the one of
 * another git ref (default `main`), under the bench's loads, in interleaved rounds — the way to
 * tell whether a change made requests cheaper on a noisy, shared machine. Each round loads both
 * API builds (their order alternating from round to round) and the raw-SQL baseline, and prints
 * CPU ms per request and req/s; the summary gives the medians and each build's API ÷ baseline
 * req/s ratio (the median of the rounds' own ratios), and the median of the rounds' own CPU differences. Bench-only; 127.0.0.1, bounded in time.
 *
 * Environment: AB_OPERATIONS (comma-separated, default "nested,node"), AB_ROUNDS (default 5),
 * AB_SECONDS per load (default 5), AB_SCALE (synthetic records, default 1000), AB_CONNECTIONS
 * (default 10), AB_BASELINE=0 leaves the baseline out (CPU figures only, twice the rounds in the
 * same time), AB_PARALLEL=1 loads both builds at the same time, so that both meet the same
 * machine load (their req/s then share the CPU; compare their CPU per request). AB_AGAINST_DATA=<directory>
 * gives the other build its own copy of the data file (same name, e.g. made before a migration):
 * a build whose counters differ must not share a file with this one.
 */
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { generateDataset } from './generate';
import { OPERATIONS } from './operations';
import { bundleOf } from './ref-bundle';
import { apiRequest, baselineRequest, load, middle, startTarget, variablesFor, type Load, type Target } from './targets';

const REF = process.argv[2] ?? 'main';
const NAMES = (process.env.AB_OPERATIONS ?? 'nested,node').split(',');
const ROUNDS = Number(process.env.AB_ROUNDS ?? 5);
const SECONDS = Number(process.env.AB_SECONDS ?? 5);
const SCALE = Number(process.env.AB_SCALE ?? 1000);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 10);
const WITH_BASELINE = process.env.AB_BASELINE !== '0';
const PARALLEL = process.env.AB_PARALLEL === '1';
const AGAINST_DATA = process.env.AB_AGAINST_DATA;

const fmt = (value: number, digits: number) => value.toFixed(digits);

const dbPath = await generateDataset(`data/bench-${SCALE}.db`, SCALE);
const builds: { name: string; target: Target }[] = [
  { name: `this (${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}+worktree)`, target: await startTarget('api', dbPath) },
  { name: REF, target: await startTarget('api', AGAINST_DATA ? join(AGAINST_DATA, basename(dbPath)) : dbPath, await bundleOf(REF)) },
];
const baseline = WITH_BASELINE ? await startTarget('baseline', dbPath) : null;
const options = { seconds: SECONDS, connections: CONNECTIONS };
try {
  for (const name of NAMES) {
    const operation = OPERATIONS.find((o) => o.name === name);
    if (!operation) throw new Error(`no operation ${name}`);
    const variables = await variablesFor(operation, builds[0]!.target.url);
    const loads = builds.map(() => [] as Load[]);
    const baseLoads: Load[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      if (PARALLEL) {
        const both = await Promise.all(builds.map((build) => load(build.target, apiRequest(operation, variables.api, SCALE), options)));
        both.forEach((result, index) => loads[index]!.push(result));
      } else {
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const index of order) loads[index]!.push(await load(builds[index]!.target, apiRequest(operation, variables.api, SCALE), options));
      }
      if (baseline) baseLoads.push(await load(baseline, baselineRequest(operation, variables.baseline, SCALE), options));
      const line = builds.map((build, index) => {
        const l = loads[index]!.at(-1)!;
        return `${build.name}: ${fmt(l.cpuMs, 3)} ms ${fmt(l.rps, 0)} req/s${l.errors ? ` ${l.errors} errors` : ''}`;
      });
      const b = baseLoads.at(-1);
      console.log(`${name} round ${round + 1}: ${line.join(' | ')}${b ? ` | baseline: ${fmt(b.cpuMs, 3)} ms ${fmt(b.rps, 0)} req/s` : ''}`);
    }
    console.log(`${name}, medians of ${ROUNDS} rounds (CPU ms/req, req/s, API ÷ baseline req/s):`);
    const cpu = loads.map((l) => middle(l.map((x) => x.cpuMs)));
    builds.forEach((build, index) => {
      const ratio = baseline ? `  ${fmt(middle(loads[index]!.map((l, round) => l.rps / baseLoads[round]!.rps)), 3)}×` : '';
      console.log(`  ${build.name.padEnd(24)} ${fmt(cpu[index]!, 3)} ms  ${fmt(middle(loads[index]!.map((l) => l.rps)), 0).padStart(5)} req/s${ratio}`);
    });
    if (baseline) {
      console.log(`  ${'baseline'.padEnd(24)} ${fmt(middle(baseLoads.map((l) => l.cpuMs)), 3)} ms  ${fmt(middle(baseLoads.map((l) => l.rps)), 0).padStart(5)} req/s`);
    }
    // The rounds drift with the machine's load; each round's own difference is steadier.
    const paired = middle(loads[0]!.map((l, round) => l.cpuMs - loads[1]![round]!.cpuMs));
    console.log(`  this vs ${REF}: ${fmt(cpu[0]! - cpu[1]!, 3)} ms/req (${fmt((cpu[0]! / cpu[1]! - 1) * 100, 1)}%); median of the rounds' differences ${fmt(paired, 3)} ms/req`);
  }
} finally {
  await Promise.all([...builds.map((b) => b.target.stop()), baseline?.stop()]);
}
