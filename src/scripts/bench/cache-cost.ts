/**
 * What the response cache costs and saves, in CPU time per request, measured in one process on
 * the embedded database: the same nested read with the cache off, as a miss (every request has
 * new variables, so its key is new) and as a hit. Rounds are interleaved and the medians printed.
 *
 *   npm run bench:cache            (BENCH_REQUESTS per round, default 200; BENCH_ROUNDS, default 5)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../app';
import { createNodeDatabase } from '../../db/client';
import { prepareDatabase } from '../../db/setup';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const QUERY = `query Nested($since: Int) { records(first: 20, filter: { yearFrom: $since }) { nodes { title startsOn participants(first: 5) { nodes { role institution { name country { code } } } } } } }`;

const directory = mkdtempSync(join(tmpdir(), 'brics-cache-bench-'));
const db = createNodeDatabase({ url: `file:${join(directory, 'bench.db')}` });
await prepareDatabase(db);
const quiet = { logger: () => {} };
const uncached = createApp({ db, caching: { responseCache: false }, observability: quiet });
const cached = createApp({ db, observability: quiet });

let probe = 0;
async function send(app: App, fresh: boolean): Promise<void> {
  const response = await app.fetch(
    new Request('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // Years before any record: the same data under a new key each time.
      body: JSON.stringify({ query: QUERY, variables: { since: fresh ? 1000 - (probe += 1) : 1000 } }),
    }),
  );
  const body = (await response.json()) as { errors?: unknown[] };
  if (response.status !== 200 || body.errors) throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors)}`);
}

/** CPU milliseconds (user + system) per request over one round. */
async function round(app: App, fresh: boolean): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i += 1) await send(app, fresh);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / REQUESTS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const samples = { uncached: [] as number[], miss: [] as number[], hit: [] as number[] };
await round(uncached, true);
await round(cached, true);
await send(cached, false);
for (let r = 0; r < ROUNDS; r += 1) {
  samples.uncached.push(await round(uncached, true));
  samples.miss.push(await round(cached, true));
  samples.hit.push(await round(cached, false));
}
const base = median(samples.uncached);
console.log(`nested read, ${REQUESTS} requests × ${ROUNDS} interleaved rounds, CPU ms per request (median):`);
for (const [name, values] of Object.entries(samples)) {
  const value = median(values);
  console.log(`  ${name.padEnd(8)} ${value.toFixed(2)} ms  (${((value / base - 1) * 100).toFixed(1)}% vs uncached)`);
}
db.$client.close();
rmSync(directory, { recursive: true, force: true });
