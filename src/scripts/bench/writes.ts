/**
 * `npx tsx src/scripts/bench/writes.ts [ref]`: what writes cost on this checkout's API server beside
 * the one of another git ref (default `main`), in interleaved rounds (the order alternating) over
 * 127.0.0.1. Per round, build and kind, WRITES_COUNT mutations one at a time — a participation
 * created (a new role of one institution in a record), a record's kind changed, a record archived
 * and restored (two mutations) — and the server's CPU ms per mutation (utime + stime from /proc)
 * and wall ms. Each build writes to its own copy of the data set in a temporary directory (removed
 * at the end), so the bench's data files stay as they are. Bench-only; bounded in count.
 *
 * Environment: BENCH_SHAPE (as generate.ts), WRITES_SCALE (synthetic records, default 1000),
 * WRITES_ROUNDS (default 5), WRITES_COUNT (default 100), WRITES_AGAINST_DATA=<directory> copies the
 * other build's data file from there (a build whose counters differ must not start on this one's:
 * it would recount them first).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createNodeDatabase } from '../../db/client';
import { createApiKey } from '../../db/keys';
import { PARTICIPANT_ROLES } from '../../db/enums';
import { generateDataset } from './generate';
import { bundleOf } from './ref-bundle';
import { middle, startTarget, type Target } from './targets';

const REF = process.argv[2] ?? 'main';
const SCALE = Number(process.env.WRITES_SCALE ?? 1000);
const ROUNDS = Number(process.env.WRITES_ROUNDS ?? 5);
const COUNT = Number(process.env.WRITES_COUNT ?? 100);
const AGAINST_DATA = process.env.WRITES_AGAINST_DATA;

const globalId = (type: string, id: unknown) => Buffer.from(`${type}:${String(id)}`).toString('base64');

interface Build {
  name: string;
  target: Target;
  headers: Record<string, string>;
  /** Live records to write to, with their current version. */
  records: { id: number; version: number }[];
  institution: string;
  /** Participations created so far: the next one's record and role. */
  created: number;
}

async function post(build: Build, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await fetch(`${build.target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...build.headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: { result?: Record<string, unknown> }; errors?: unknown };
  const result = body.data?.result;
  if (!result || !String(result.__typename).endsWith('Payload')) throw new Error(`${build.name}: ${JSON.stringify(body)}`);
  return result;
}

const mutation = (verb: string, type: string, field: string) =>
  `mutation ($input: ${verb}${type}Input!) { result: ${verb.toLowerCase()}${type}(input: $input) { __typename ... on ${verb}${type}Payload { ${field} { id version } } } }`;

const KINDS: Record<string, (build: Build, index: number) => Promise<number>> = {
  'create participation': async (build) => {
    const n = build.created++;
    const record = build.records[n % build.records.length]!;
    const role = PARTICIPANT_ROLES[Math.floor(n / build.records.length) % PARTICIPANT_ROLES.length];
    await post(build, mutation('Create', 'Participation', 'participation'), {
      input: { record: globalId('CooperationRecord', record.id), institution: build.institution, role },
    });
    return 1;
  },
  'update record kind': async (build, index) => {
    const record = build.records[index % build.records.length]!;
    const result = await post(build, mutation('Update', 'CooperationRecord', 'record'), {
      input: { id: globalId('CooperationRecord', record.id), version: record.version, kind: record.version % 2 ? 'TRAINING' : 'EVENT' },
    });
    record.version = (result.record as { version: number }).version;
    return 1;
  },
  'archive + restore record': async (build, index) => {
    const record = build.records[index % build.records.length]!;
    for (const verb of ['Archive', 'Restore']) {
      const result = await post(build, mutation(verb, 'CooperationRecord', 'record'), { input: { id: globalId('CooperationRecord', record.id), version: record.version } });
      record.version = (result.record as { version: number }).version;
    }
    return 2;
  },
};

const directory = mkdtempSync(join(tmpdir(), 'bench-writes-'));
const source = await generateDataset(`data/bench-${SCALE}.db`, SCALE);
const builds: Build[] = [];
try {
  const ours = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  for (const [name, from, bundle] of [
    [`this (${ours}+worktree)`, source, undefined],
    [REF, AGAINST_DATA ? join(AGAINST_DATA, basename(source)) : source, await bundleOf(REF)],
  ] as const) {
    const copy = join(directory, `${builds.length}-${basename(source)}`);
    copyFileSync(from, copy);
    const db = createNodeDatabase({ url: `file:${copy}` });
    const { key } = await createApiKey(db, { name: 'bench writes', scopes: ['records:write', 'admin'] });
    // Records spread over the data set, the same ones on both sides.
    const records = (await db.$client.execute(`SELECT id, version FROM records WHERE archived_at IS NULL AND id % 7 = 3 ORDER BY id LIMIT 1000`)).rows.map((row) => ({
      id: Number(row.id),
      version: Number(row.version),
    }));
    db.$client.close();
    const build: Build = { name, target: await startTarget('api', copy, bundle), headers: { authorization: `Bearer ${key}` }, records, institution: '', created: 0 };
    const created = await post(build, mutation('Create', 'Institution', 'institution'), {
      input: { slug: `bench-writes-${builds.length}`, type: 'UNIVERSITY', name: { en: 'Bench writes', zhHans: '写入基准' } },
    });
    build.institution = (created.institution as { id: string }).id;
    builds.push(build);
  }
  const figures = new Map<string, { cpu: number[]; wall: number[] }>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const build of round % 2 ? [...builds].reverse() : builds) {
      for (const [kind, write] of Object.entries(KINDS)) {
        const cpuBefore = build.target.cpuMs();
        const started = performance.now();
        let mutations = 0;
        for (let index = 0; index < COUNT; index += 1) mutations += await write(build, round * COUNT + index);
        const wall = (performance.now() - started) / mutations;
        const cpu = (build.target.cpuMs() - cpuBefore) / mutations;
        const key = `${kind}\u0000${build.name}`;
        const entry = figures.get(key) ?? { cpu: [], wall: [] };
        entry.cpu.push(cpu);
        entry.wall.push(wall);
        figures.set(key, entry);
        console.log(`round ${round + 1} ${build.name.padEnd(22)} ${kind.padEnd(26)} CPU ${cpu.toFixed(2)} ms, wall ${wall.toFixed(2)} ms per mutation`);
      }
    }
  }
  console.log(`\n# medians over ${ROUNDS} rounds, ${COUNT} writes each (${basename(source)})`);
  for (const kind of Object.keys(KINDS)) {
    const [ours, theirs] = builds.map((build) => figures.get(`${kind}\u0000${build.name}`)!);
    const cpuChange = middle(ours!.cpu) / middle(theirs!.cpu) - 1;
    console.log(
      `${kind.padEnd(26)} CPU ms/mutation this ${middle(ours!.cpu).toFixed(2)}, ${REF} ${middle(theirs!.cpu).toFixed(2)} (${(cpuChange * 100).toFixed(0)}%) | wall ms this ${middle(
        ours!.wall,
      ).toFixed(2)}, ${REF} ${middle(theirs!.wall).toFixed(2)}`,
    );
  }
} finally {
  await Promise.all(builds.map((build) => build.target.stop()));
  rmSync(directory, { recursive: true, force: true });
}
