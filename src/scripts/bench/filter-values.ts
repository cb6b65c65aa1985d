/**
 * Filtered lists with other filter values on every request, in process (no HTTP): what a request
 * costs when its filter's values are new to the server. Bench-only; an in-process companion of
 * `ab.ts` for comparing two checkouts: run it in each, alternating.
 *
 * `npx tsx src/scripts/bench/filter-values.ts cpu [records] [requests]` prints, per query family,
 * process CPU ms per request over `requests` requests (default 2000) after a warm-up, each request
 * with filter values not sent before (the families cycle through far more combinations than the
 * plan cache keeps). `… plans [records]` prints each family's statements and EXPLAIN QUERY PLAN.
 */
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { parse } from 'graphql';
import { createApp } from '../../app';
import { planRead } from '../../graphql/compiled-read';
import { schema } from '../../graphql/index';
import type { Database } from '../../db/client';
import { relations } from '../../db/relations';
import { explainOperations } from './explain';
import { generateDataset } from './generate';

const KINDS = ['EVENT', 'COMPETITION', 'TRAINING', 'SIGNED_PROJECT', 'DEMONSTRATION_UNIT', 'REPORT', 'POLICY_INITIATIVE', 'AGREEMENT'];
const STATUSES = ['COMPLETED', 'ONGOING', 'PLANNED'];
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64');
const month = (index: number) => `${2016 + (index % 11)}-${String(1 + (index % 12)).padStart(2, '0')}`;

interface Family {
  name: string;
  query: string;
  /** The variables of the n-th request: a combination not sent in the n − 1 before it. */
  vary(index: number): Record<string, unknown>;
}

const FAMILIES: Family[] = [
  {
    name: 'whole filter ($filter: kinds, yearFrom, dateTo)',
    query: `query F($filter: CooperationRecordFilter) { records(first: 20, filter: $filter) { totalCount nodes { title year } } }`,
    vary: (i) => ({ filter: { kinds: [KINDS[i % 8]], yearFrom: 1990 + (i % 31), dateTo: month(i) } }),
  },
  {
    name: 'fields ($kinds, $from, $institution)',
    query: `query G($kinds: [RecordKind!], $from: Int, $institution: ID) { records(first: 10, filter: { kinds: $kinds, yearFrom: $from, institution: $institution }) { totalCount nodes { title kind } } }`,
    vary: (i) => ({ kinds: [KINDS[i % 8], KINDS[(i + 3) % 8]], from: 1990 + (i % 31), institution: globalId('Institution', 1 + (i % 97)) }),
  },
  {
    name: 'statistics (recordsByKind, $filter: yearFrom, statuses)',
    query: `query S($filter: CooperationRecordFilter) { statistics { recordsByKind(filter: $filter) { key count } } }`,
    vary: (i) => ({ filter: { yearFrom: 1990 + (i % 31), yearTo: 2000 + (i % 27), statuses: [STATUSES[i % 3]] } }),
  },
];

/** More filters, for `plans` only: every filterable list, and the record filter's other fields. */
const PLANNED: Family[] = [
  {
    name: 'records (dateFrom, countries, fields, pillars, topLevelOnly)',
    query: `query R($filter: CooperationRecordFilter) { records(first: 20, filter: $filter) { totalCount nodes { title } } }`,
    vary: (i) => ({ filter: { dateFrom: month(i), countries: ['CN', 'RU'], fields: ['ARTIFICIAL_INTELLIGENCE'], pillars: ['POLICY_COORDINATION'], topLevelOnly: true } }),
  },
  {
    name: 'records (institution, roles)',
    query: `query R($institution: ID, $roles: [ParticipantRole!]) { records(first: 20, filter: { institution: $institution, roles: $roles }) { totalCount nodes { title } } }`,
    vary: (i) => ({ institution: globalId('Institution', 1 + i), roles: ['HOST', 'PARTNER'] }),
  },
  {
    name: 'records (roles)',
    query: `query R($roles: [ParticipantRole!]) { records(first: 20, filter: { roles: $roles }) { totalCount nodes { title } } }`,
    vary: (i) => ({ roles: [['HOST', 'PARTNER', 'MEMBER'][i % 3]] }),
  },
  {
    name: 'institutions (types, countries)',
    query: `query I($filter: InstitutionFilter) { institutions(first: 20, filter: $filter) { totalCount nodes { name } } }`,
    vary: (i) => ({ filter: { types: ['COMPANY', 'COOPERATION_BODY'], countries: [['CN', 'RU', 'BR'][i % 3]] } }),
  },
  {
    name: 'indicators (year, pillars, units)',
    query: `query N($year: Int, $pillars: [Pillar!]) { indicators(first: 20, filter: { year: $year, pillars: $pillars, units: [NOT_STATED, PEOPLE] }) { totalCount nodes { id } } }`,
    vary: (i) => ({ year: 2020 + i, pillars: ['POLICY_COORDINATION'] }),
  },
  {
    name: 'plan targets, networks, branch centres',
    query: `query P($year: Int, $subjects: [PlanSubject!], $kinds: [NetworkKind!], $centres: [BranchCentreKind!]) {
      planTargets(first: 20, filter: { year: $year, subjects: $subjects }) { totalCount nodes { id } }
      networks(first: 20, filter: { kinds: $kinds }) { totalCount nodes { id } }
      branchCentres(first: 20, filter: { kinds: $centres }) { totalCount nodes { id } } }`,
    vary: (i) => ({ year: 2024 + i, subjects: ['ENABLING_PLATFORM'], kinds: ['EXPERT_POOL'], centres: ['ENABLING_PLATFORM'] }),
  },
];

async function appOn(dbPath: string) {
  const client = createClient({ url: `file:${dbPath}` });
  const db = drizzle({ client, relations }) as unknown as Database;
  return { app: createApp({ db, caching: { responseCache: false }, observability: { logger: () => {} } }), close: () => client.close() };
}

const mode = process.argv[2] ?? 'cpu';
const scale = Number(process.argv[3] ?? 1000);
const dbPath = await generateDataset(`data/bench-${scale}.db`, scale);

if (mode === 'plans') {
  const operations = [...FAMILIES, ...PLANNED].flatMap((family) =>
    [0, 1].map((index) => ({ operation: { name: `${family.name} #${index}`, description: '', query: family.query, baseline: async () => null }, variables: family.vary(index) })),
  );
  for (const [name, statements] of await explainOperations(dbPath, operations)) {
    for (const statement of statements) console.log(`-- ${name}\n${statement.sql}\n${statement.plan.map((line) => `   ${line}`).join('\n')}\n`);
  }
  // The compiled statement's parameters as each request fills them.
  const client = createClient({ url: `file:${dbPath}` });
  const db = drizzle({ client, relations }) as unknown as Database;
  const documents = new Map<string, ReturnType<typeof parse>>();
  const finishers = new Map<string, unknown>();
  for (const { operation, variables } of operations) {
    const document = documents.get(operation.query) ?? parse(operation.query);
    documents.set(operation.query, document);
    const plan = planRead(schema, document, undefined, variables, { db, locale: 'EN', viewer: null } as never);
    console.log(`-- ${operation.name} parameters: ${JSON.stringify(plan?.query.params ?? 'no plan')}`);
    // Whether the second combination was answered by the plan compiled for the first.
    if (finishers.has(operation.query)) console.log(`-- ${operation.name} shares the first one's plan: ${plan !== null && finishers.get(operation.query) === plan.finish}`);
    finishers.set(operation.query, plan?.finish);
  }
  client.close();
} else {
  const requests = Number(process.argv[4] ?? 2000);
  const { app, close } = await appOn(dbPath);
  const send = async (family: Family, index: number) => {
    const response = await app.fetch(
      new Request('http://127.0.0.1/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: family.query, variables: family.vary(index) }),
      }),
    );
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`${family.name}: ${JSON.stringify(body.errors)}`);
  };
  try {
    for (const family of FAMILIES) {
      // The warm-up's combinations are never sent again: the measured requests start past them.
      for (let index = 0; index < 300; index += 1) await send(family, index);
      const before = process.cpuUsage();
      const started = performance.now();
      for (let index = 300; index < 300 + requests; index += 1) await send(family, index);
      const used = process.cpuUsage(before);
      const wall = performance.now() - started;
      console.log(`${family.name}: ${((used.user + used.system) / 1000 / requests).toFixed(3)} ms CPU/request, ${(wall / requests).toFixed(3)} ms wall/request`);
    }
  } finally {
    close();
  }
}
