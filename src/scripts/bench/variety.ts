/**
 * `npx tsx src/scripts/bench/variety.ts`: varied, reasonable reads against the built API server,
 * per request family, on each data shape and size — what a load generator other than
 * `npm run bench` (one fixed request per operation) would send. Bench-only; 127.0.0.1, bounded in
 * count and time.
 *
 * Each family is a list of distinct requests (different filter values, IDs, cursors, terms). They
 * are sent one at a time: the first pass meets every variable value for the first time (a plan is
 * compiled per value), then the list is repeated (at least PASSES passes and REPEATS requests). For each family it
 * prints the p50 latency of the first pass and of the repeats, the server's CPU ms per request
 * (utime + stime from /proc, as run.ts reads it) for both, the most statements any one request
 * took (more than 1: the resolvers answered) and errors.
 *
 * Environment: VARIETY_SHAPES (default "uniform,skewed"), VARIETY_SCALES (default "1000,100000"),
 * VARIETY_FAMILIES (comma-separated names; default all), VARIETY_PASSES (default 3),
 * VARIETY_LIMIT (most requests per family and pass, default 40), VARIETY_REPEATS (default 200),
 * VARIETY_SECONDS (most seconds per family, default 30).
 *
 * A/B: VARIETY_AGAINST=<git ref> runs that ref's build beside this checkout's, each family on both
 * in VARIETY_ROUNDS interleaved rounds (default 3; the order alternates), and prints each family's
 * medians before and after. VARIETY_AGAINST_DATA=<directory> gives the other build its own copies
 * of the data files (same names, e.g. made before a migration, and left as they are): a build
 * whose counters differ must not share a file with this one, whose start would re-prepare them.
 */
import { basename, join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { generateDataset, type BenchShape } from './generate';
import { bundleOf } from './ref-bundle';
import { startTarget, type Target } from './targets';

const SHAPES = (process.env.VARIETY_SHAPES ?? 'uniform,skewed').split(',') as BenchShape[];
const SCALES = (process.env.VARIETY_SCALES ?? '1000,100000').split(',').map(Number);
const ONLY = process.env.VARIETY_FAMILIES ? new Set(process.env.VARIETY_FAMILIES.split(',')) : null;
const PASSES = Math.max(1, Number(process.env.VARIETY_PASSES ?? 3));
const LIMIT = Number(process.env.VARIETY_LIMIT ?? 40);
const SECONDS = Number(process.env.VARIETY_SECONDS ?? 30);
/** Repeats go on until at least this many requests (CPU time is read in 10 ms ticks). */
const REPEATS = Number(process.env.VARIETY_REPEATS ?? 200);
/** VARIETY_VERBOSE=1 prints each request's own p50 over the repeats too. */
const VERBOSE = process.env.VARIETY_VERBOSE === '1';
const AGAINST = process.env.VARIETY_AGAINST;
const AGAINST_DATA = process.env.VARIETY_AGAINST_DATA;
const ROUNDS = Math.max(1, Number(process.env.VARIETY_ROUNDS ?? (AGAINST ? 3 : 1)));

interface Request {
  query: string;
  variables?: Record<string, unknown>;
}

interface Family {
  name: string;
  /** The requests, or a walk: each step's request from the previous step's response. */
  requests: Request[] | { walks: number; steps: number; start: (walk: number) => Request; next: (walk: number, previous: Response) => Request | null };
}

interface Response {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
  extensions?: { db?: { statements: number; roundTrips: number } };
}

const globalId = (type: string, id: unknown) => Buffer.from(`${type}:${String(id)}`).toString('base64');

const KINDS = ['EVENT', 'COMPETITION', 'TRAINING', 'SIGNED_PROJECT', 'DEMONSTRATION_UNIT', 'REPORT', 'POLICY_INITIATIVE', 'AGREEMENT'];
const STATUSES = ['PLANNED', 'ONGOING', 'COMPLETED'];
const PILLARS = ['POLICY_COORDINATION', 'TALENT_DEVELOPMENT', 'PROJECT_DEVELOPMENT'];
const FIELDS = ['INDUSTRIAL_INTERNET', 'DIGITAL_MANUFACTURING', 'ARTIFICIAL_INTELLIGENCE', 'GREEN_DEVELOPMENT', 'TRADE', 'INNOVATION', 'BLOCKCHAIN'];
const RECORD_FIELDS = 'id title kind year startsOn';

/** IDs and values that exist in this data set, read straight from the file. */
async function sample(db: Client) {
  const ids = async (sql: string) => (await db.execute(sql)).rows.map((row) => row[0]);
  const spread = (table: string, where = 'archived_at IS NULL') =>
    ids(`SELECT id FROM ${table} WHERE ${where} AND id % max(1, (SELECT count(*) FROM ${table}) / 40) = 3 LIMIT 40`);
  return {
    records: await spread('records'),
    archivedRecords: await ids('SELECT id FROM records WHERE archived_at IS NOT NULL LIMIT 10'),
    busiestRecords: await ids(`SELECT record_id FROM participants WHERE archived_at IS NULL GROUP BY record_id ORDER BY count(*) DESC LIMIT 5`),
    institutions: await spread('institutions'),
    busiestInstitutions: await ids(`SELECT institution_id FROM participants WHERE archived_at IS NULL GROUP BY institution_id ORDER BY count(*) DESC LIMIT 5`),
    institutionSlugs: await ids(
      `SELECT slug FROM institutions WHERE id IN (SELECT institution_id FROM participants GROUP BY institution_id ORDER BY count(*) DESC LIMIT 10) AND archived_at IS NULL`,
    ),
    branchCentres: await ids('SELECT id FROM branch_centres WHERE archived_at IS NULL LIMIT 20'),
    networks: await ids('SELECT id FROM networks WHERE archived_at IS NULL'),
    indicators: await ids('SELECT id FROM indicators WHERE archived_at IS NULL LIMIT 10'),
    planTargets: await ids('SELECT id FROM plan_targets WHERE archived_at IS NULL'),
    participations: await spread('participants'),
    memberships: await ids('SELECT id FROM network_members WHERE archived_at IS NULL LIMIT 10'),
    countries: await ids('SELECT country_code FROM record_countries GROUP BY 1 ORDER BY count(*) DESC LIMIT 8'),
    allCountries: await ids('SELECT code FROM countries'),
    rareTitleWord: await ids(`SELECT title_en FROM records WHERE archived_at IS NULL ORDER BY id DESC LIMIT 1`),
  };
}

function families(s: Awaited<ReturnType<typeof sample>>): Family[] {

  const records = (args: string, fields = `totalCount nodes { ${RECORD_FIELDS} }`) => `{ records(${args}) { ${fields} } }`;
  const list = <T>(values: T[], make: (value: T, index: number) => Request) => values.map(make);
  const years = [2015, 2018, 2020, 2022, 2023, 2024, 2025, 2026];
  const dates = ['2015-06-01', '2019-01', '2021-03-15', '2023-12-01', '2024', '2024-06', '2024-11-20', '2025-01-01'];
  const countries = s.countries.length > 0 ? s.countries : s.allCountries;
  const numbered = String(s.rareTitleWord[0] ?? '').split('#')[1] ?? '7';
  const recordsPage = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { ${RECORD_FIELDS} }`;
  const walk = (filter: string, orderBy: string): Family['requests'] => ({
    walks: 4,
    steps: 10,
    start: (w) => ({ query: `query W($after: String) { records(first: 50, after: $after${filter ? `, filter: ${filter}` : ''}${orderBy}) { ${recordsPage} } }`, variables: { w } }),
    next: (w, previous) => {
      const page = (previous.data?.records as { pageInfo: { hasNextPage: boolean; endCursor: string } } | undefined)?.pageInfo;
      return page?.hasNextPage ? { query: `query W($after: String) { records(first: 50, after: $after${filter ? `, filter: ${filter}` : ''}${orderBy}) { ${recordsPage} } }`, variables: { after: page.endCursor, w } } : null;
    },
  });
  const chosen: Family[] = [
    { name: 'kind', requests: list(KINDS, (kind) => ({ query: records(`first: 20, filter: { kinds: [${kind}] }`) })) },
    {
      name: 'kind+year',
      requests: list(KINDS.slice(0, 5), (kind, i) => ({ query: records(`first: 20, filter: { kinds: [${kind}, ${KINDS[(i + 3) % 8]}], yearFrom: ${years[i]}, yearTo: ${years[i + 3]} }`) })),
    },
    { name: 'year-range', requests: list(years, (year, i) => ({ query: records(`first: 20, filter: { yearFrom: ${year}${i % 2 ? `, yearTo: ${year + 1}` : ''} }`) })) },
    { name: 'dateFrom', requests: list(dates, (date) => ({ query: records(`first: 20, filter: { dateFrom: "${date}" }`) })) },
    { name: 'dateTo', requests: list(dates, (date) => ({ query: records(`first: 20, filter: { dateTo: "${date}" }`) })) },
    { name: 'date-span', requests: list(dates.slice(0, 6), (date, i) => ({ query: records(`first: 20, filter: { dateFrom: "${date}", dateTo: "${dates[i + 2]}" }`) })) },
    {
      name: 'status+pillar',
      requests: STATUSES.flatMap((status) => PILLARS.map((pillar) => ({ query: records(`first: 20, filter: { statuses: [${status}], pillars: [${pillar}] }`) }))),
    },
    {
      name: 'topLevelOnly',
      requests: [
        { query: records('first: 20, filter: { topLevelOnly: true }') },
        ...list(KINDS.slice(0, 4), (kind) => ({ query: records(`first: 20, filter: { topLevelOnly: true, kinds: [${kind}] }`) })),
        ...list(years.slice(3), (year) => ({ query: records(`first: 20, filter: { topLevelOnly: true, yearFrom: ${year} }`) })),
      ],
    },
    { name: 'country', requests: list(countries, (code, i) => ({ query: records(`first: 20, filter: { countries: ["${code}"]${i % 2 ? ', kinds: [EVENT]' : ''} }`) })) },
    { name: 'field', requests: list(FIELDS, (field, i) => ({ query: records(`first: 20, filter: { fields: [${field}]${i % 2 ? ', yearFrom: 2022' : ''} }`) })) },
    {
      name: 'institution',
      requests: [...s.busiestInstitutions, ...s.institutions.slice(0, 6)].map((id, i) => ({
        query: `query I($id: ID!) { records(first: 20, filter: { institution: $id${i % 3 === 1 ? ', roles: [HOST]' : ''} }) { totalCount nodes { ${RECORD_FIELDS} } } }`,
        variables: { id: globalId('Institution', id) },
      })),
    },
    {
      name: 'DATE_ASC',
      requests: [
        { query: records('first: 20, orderBy: DATE_ASC') },
        ...list(KINDS.slice(0, 4), (kind) => ({ query: records(`first: 20, orderBy: DATE_ASC, filter: { kinds: [${kind}] }`) })),
        ...list(years.slice(2, 6), (year) => ({ query: records(`first: 20, orderBy: DATE_ASC, filter: { yearFrom: ${year} }`) })),
      ],
    },
    {
      // What is coming up, earliest first: the walk in ascending date order meets the matches last.
      name: 'upcoming',
      // Every date, the early ones too: on the uniform shape (2021–2022) the later ones match nothing.
      requests: [...dates, '2022-06-01', '2022-09'].map((date, i) => ({ query: records(`first: 20, orderBy: DATE_ASC, filter: { dateFrom: "${date}"${i % 2 ? ', kinds: [EVENT]' : ''} }`) })),
    },
    {
      name: 'last',
      requests: [
        { query: records('last: 20', `pageInfo { hasPreviousPage startCursor } nodes { ${RECORD_FIELDS} }`) },
        { query: records('last: 20, orderBy: DATE_ASC', `pageInfo { hasPreviousPage startCursor } nodes { ${RECORD_FIELDS} }`) },
        ...list(KINDS.slice(0, 4), (kind) => ({ query: records(`last: 20, filter: { kinds: [${kind}] }`) })),
        ...list(years.slice(3, 7), (year) => ({ query: records(`last: 10, filter: { yearFrom: ${year} }`) })),
      ],
    },
    {
      // `last` pages before a cursor, stepping backwards from the end of the list.
      name: 'last+before',
      requests: {
        walks: 3,
        steps: 8,
        start: (w) => ({ query: `{ records(last: 20${w === 1 ? ', filter: { kinds: [EVENT] }' : w === 2 ? ', orderBy: DATE_ASC' : ''}) { pageInfo { hasPreviousPage startCursor } nodes { ${RECORD_FIELDS} } } }` }),
        next: (w, previous) => {
          const page = (previous.data?.records as { pageInfo: { hasPreviousPage: boolean; startCursor: string } } | undefined)?.pageInfo;
          if (!page?.hasPreviousPage) return null;
          const extra = w === 1 ? ', filter: { kinds: [EVENT] }' : w === 2 ? ', orderBy: DATE_ASC' : '';
          return {
            query: `query B($before: String) { records(last: 20, before: $before${extra}) { pageInfo { hasPreviousPage startCursor } nodes { ${RECORD_FIELDS} } } }`,
            variables: { before: page.startCursor },
          };
        },
      },
    },
    { name: 'walk', requests: walk('', '') },
    { name: 'walk-filtered', requests: walk('{ kinds: [EVENT, TRAINING], yearFrom: 2020 }', '') },
    { name: 'walk-asc', requests: walk('', ', orderBy: DATE_ASC') },
    {
      name: 'node-record',
      requests: [...s.records, ...s.archivedRecords.slice(0, 4)].map((id) => ({
        query: `query N($id: ID!) { node(id: $id) { id ... on CooperationRecord { title summary kind status year startsOn endsOn location countries { code } fields } } }`,
        variables: { id: globalId('CooperationRecord', id) },
      })),
    },
    {
      name: 'node-types',
      requests: [
        ...s.institutions.slice(0, 6).map((id) => ['Institution', id] as const),
        ...s.branchCentres.slice(0, 5).map((id) => ['BranchCentre', id] as const),
        ...s.networks.map((id) => ['Network', id] as const),
        ...s.indicators.slice(0, 4).map((id) => ['Indicator', id] as const),
        ...s.planTargets.map((id) => ['PlanTarget', id] as const),
        ...s.participations.slice(0, 5).map((id) => ['Participation', id] as const),
        ...s.memberships.slice(0, 3).map((id) => ['NetworkMembership', id] as const),
        ...s.allCountries.slice(0, 4).map((code) => ['Country', code] as const),
        ['Photo', 1] as const,
        ['Source', 1] as const,
      ].map(([type, id]) => ({ query: `query N($id: ID!) { node(id: $id) { __typename id } }`, variables: { id: globalId(type, id) } })),
    },
    {
      name: 'nodes',
      requests: Array.from({ length: 8 }, (_, i) => ({
        query: `query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on CooperationRecord { title } ... on Institution { name } } }`,
        variables: {
          ids: [
            ...s.records.slice(i * 4, i * 4 + 8).map((id) => globalId('CooperationRecord', id)),
            ...s.institutions.slice(i, i + 4).map((id) => globalId('Institution', id)),
            ...s.archivedRecords.slice(i % 4, (i % 4) + 2).map((id) => globalId('CooperationRecord', id)),
          ],
        },
      })),
    },
    {
      name: 'record-detail',
      requests: [...s.busiestRecords, ...s.records.slice(0, 5)].map((id) => ({
        query: `query D($id: ID!) { node(id: $id) { ... on CooperationRecord { title summary countries { code name } participants(first: 50) { totalCount nodes { role institution { name country { code } } } } children(first: 10) { totalCount nodes { title } } parent { title } } } }`,
        variables: { id: globalId('CooperationRecord', id) },
      })),
    },
    {
      name: 'institution-detail',
      requests: s.institutionSlugs.map((slug, i) => ({
        query: `query D($slug: String!) { institution(slug: $slug) { name description country { name } participations(first: 20${i % 2 ? ', roles: [HOST, PARTNER]' : ''}) { totalCount nodes { role record { title year } } } } }`,
        variables: { slug },
      })),
    },
    {
      name: 'institutions',
      requests: [
        { query: `{ institutions(first: 50) { totalCount nodes { name acronym country { code } } } }` },
        ...countries.slice(0, 5).map((code) => ({ query: `{ institutions(first: 50, filter: { countries: ["${code}"] }) { totalCount nodes { name country { name } } } }` })),
        ...['UNIVERSITY', 'COMPANY', 'RESEARCH_INSTITUTE'].map((type) => ({ query: `{ institutions(first: 20, filter: { types: [${type}] }) { totalCount nodes { name } } }` })),
        { query: `{ institutions(last: 20) { totalCount nodes { name } } }` },
      ],
    },
    {
      name: 'centres+networks',
      requests: [
        { query: `{ branchCentres(first: 50) { totalCount nodes { name kind status host { name } } } }` },
        { query: `{ branchCentres(first: 20, filter: { kinds: [MIIT_BRANCH], statuses: [OPERATING] }) { totalCount nodes { name } } }` },
        { query: `{ branchCentres(last: 10) { totalCount nodes { name } } }` },
        { query: `{ networks(first: 20) { totalCount nodes { name kind members(first: 20) { totalCount nodes { role institution { name } } } } } }` },
        { query: `{ networks(first: 5, filter: { kinds: [TRAINING_ALLIANCE] }) { nodes { name members(last: 50) { totalCount nodes { institution { name country { code } } } } } } }` },
        ...s.networks.slice(0, 3).map((id) => ({
          query: `query M($id: ID!) { node(id: $id) { ... on Network { name members(first: 100) { totalCount pageInfo { endCursor } nodes { role } } } } }`,
          variables: { id: globalId('Network', id) },
        })),
      ],
    },
    {
      name: 'statistics',
      requests: [
        { query: `{ statistics { totals { records institutions branchCentres networks } recordsByKind { key count } } }` },
        { query: `{ statistics { recordsByYear(filter: { kinds: [EVENT] }) { year count } } }` },
        { query: `{ statistics { recordsByKind(filter: { yearFrom: 2022 }) { key count } } }` },
        { query: `{ statistics { recordsByCountry { country { code } count } recordsByField { key count } } }` },
        { query: `{ statistics { recordsByCountry(filter: { kinds: [TRAINING] }) { country { code } count } } }` },
        { query: `{ statistics { recordsByField(filter: { yearFrom: 2020, yearTo: 2024 }) { key count } } }` },
        { query: `{ statistics { recordsByStatus(filter: { pillars: [TALENT_DEVELOPMENT] }) { key count } recordsByPillar { key count } } }` },
        { query: `{ statistics { recordsByYear(filter: { dateFrom: "2024-06" }) { year count } } }` },
        { query: `{ statistics { recordsByKind(filter: { topLevelOnly: true }) { key count } } }` },
        { query: `{ statistics { recordsByKind(filter: { countries: ["${countries[0]}"] }) { key count } } }` },
        { query: `{ statistics { institutionsByType { key count } branchCentresByKind { key count } networksByKind { key count } } }` },
      ],
    },
    {
      name: 'search',
      requests: [
        ...['skills competition', 'partnir', 'digital', '金砖', '創新基地', 'forum', 'tzq', 'smart factory', 'xiamen', numbered, 'zzzznotfound', '人工智能'].map((q, i) => ({
          query: `query S($q: String!) { search(query: $q, first: ${i % 2 ? 10 : 20}${i % 3 === 2 ? ', types: [CooperationRecord]' : i % 3 === 1 ? ', types: [Institution, BranchCentre]' : ''}) { totalCount edges { score node { __typename ... on CooperationRecord { title } ... on Institution { name } } } } }`,
          variables: { q },
        })),
      ],
    },
    {
      name: 'search-page2',
      requests: {
        walks: 4,
        steps: 3,
        start: (w) => ({ query: `query S($q: String!) { search(query: $q, first: 10) { totalCount pageInfo { endCursor hasNextPage } edges { node { __typename } } } }`, variables: { q: ['partnir', '金砖', 'digital', 'forum'][w] } }),
        next: (w, previous) => {
          const page = (previous.data?.search as { pageInfo: { hasNextPage: boolean; endCursor: string } } | undefined)?.pageInfo;
          if (!page?.hasNextPage) return null;
          return {
            query: `query S($q: String!, $after: String) { search(query: $q, first: 10, after: $after) { totalCount pageInfo { endCursor hasNextPage } edges { node { __typename } } } }`,
            variables: { q: ['partnir', '金砖', 'digital', 'forum'][w], after: page.endCursor },
          };
        },
      },
    },
  ];
  return chosen.filter((family) => !ONLY || ONLY.has(family.name));
}

async function send(target: Target, request: Request): Promise<{ ms: number; response: Response }> {
  const started = performance.now();
  const response = await fetch(`${target.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as Response;
  return { ms: performance.now() - started, response: body };
}

const p50 = (values: number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

interface Measured {
  family: string;
  requests: number;
  coldP50: number;
  warmP50: number;
  coldCpu: number;
  warmCpu: number;
  statements: number;
  errors: string[];
}

/** The family's requests: a fixed list, or walks (fixed by the first pass, then replayed). */
async function run(target: Target, family: Family): Promise<Measured> {
  const deadline = performance.now() + SECONDS * 1000;
  const cold: number[] = [];
  const warm: number[] = [];
  let coldCpu = 0;
  let warmCpu = 0;
  let warmCount = 0;
  let statements = 0;
  const errors: string[] = [];
  const note = (response: Response) => {
    statements = Math.max(statements, response.extensions?.db?.statements ?? 0);
    for (const error of response.errors ?? []) if (errors.length < 3) errors.push(error.message.slice(0, 120));
  };
  // The first pass fixes the list (a walk's requests depend on the responses).
  const sent: Request[] = [];
  let cpu = target.cpuMs();
  if (Array.isArray(family.requests)) {
    for (const request of family.requests.slice(0, LIMIT)) {
      if (performance.now() > deadline) break;
      const { ms, response } = await send(target, request);
      cold.push(ms);
      sent.push(request);
      note(response);
    }
  } else {
    const { walks, steps, start, next } = family.requests;
    for (let w = 0; w < walks && sent.length < LIMIT; w++) {
      let request: Request | null = start(w);
      for (let step = 0; request && step < steps && sent.length < LIMIT && performance.now() < deadline; step++) {
        const { ms, response } = await send(target, request);
        cold.push(ms);
        sent.push(request);
        note(response);
        request = next(w, response);
      }
    }
  }
  coldCpu = (target.cpuMs() - cpu) / Math.max(sent.length, 1);
  cpu = target.cpuMs();
  for (let pass = 1; (pass < PASSES || warmCount < REPEATS) && performance.now() < deadline; pass++) {
    for (const request of sent) {
      if (performance.now() > deadline) break;
      const { ms, response } = await send(target, request);
      warm.push(ms);
      warmCount += 1;
      note(response);
    }
  }
  warmCpu = (target.cpuMs() - cpu) / Math.max(warmCount, 1);
  if (VERBOSE) {
    sent.forEach((request, index) => {
      const own = warm.filter((_, n) => n % sent.length === index);
      console.error(`    ${fmt(p50(own)).padStart(8)} ms  ${request.query.replace(/\s+/g, ' ').slice(0, 150)} ${JSON.stringify(request.variables ?? {}).slice(0, 60)}`);
    });
  }
  return { family: family.name, requests: sent.length, coldP50: p50(cold), warmP50: p50(warm), coldCpu, warmCpu, statements, errors };
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The median of each figure over rounds. */
function medianOf(rounds: Measured[]): Measured {
  const mid = (pick: (m: Measured) => number) => p50(rounds.map(pick));
  const [first] = rounds;
  return {
    ...first!,
    coldP50: mid((m) => m.coldP50),
    warmP50: mid((m) => m.warmP50),
    coldCpu: mid((m) => m.coldCpu),
    warmCpu: mid((m) => m.warmCpu),
    statements: Math.max(...rounds.map((m) => m.statements)),
    errors: rounds.flatMap((m) => m.errors).slice(0, 3),
  };
}

const results = new Map<string, Measured>();
/** The other build's figures (VARIETY_AGAINST), by the same keys. */
const against = new Map<string, Measured>();
const againstBundle = AGAINST ? await bundleOf(AGAINST) : undefined;
for (const shape of SHAPES) {
  for (const scale of SCALES) {
    const path = await generateDataset(`data/bench-${scale}.db`, scale, shape);
    const db = createClient({ url: `file:${path}` });
    const sampled = await sample(db);
    db.close();
    const builds = [{ name: 'this', target: await startTarget('api', path), results }];
    if (againstBundle) {
      const otherPath = AGAINST_DATA ? join(AGAINST_DATA, basename(path)) : path;
      builds.push({ name: AGAINST!, target: await startTarget('api', otherPath, againstBundle), results: against });
    }
    try {
      console.error(`# ${shape} ${scale.toLocaleString('en-US')} (${path})`);
      for (const [index, family] of families(sampled).entries()) {
        const rounds = builds.map(() => [] as Measured[]);
        for (let round = 0; round < ROUNDS; round++) {
          const order = builds.map((_, n) => n);
          if ((round + index) % 2 === 1) order.reverse();
          for (const n of order) rounds[n]!.push(await run(builds[n]!.target, family));
        }
        builds.forEach((build, n) => {
          const measured = medianOf(rounds[n]!);
          build.results.set(`${shape}/${scale}/${family.name}`, measured);
          console.error(
            `  ${family.name.padEnd(18)}${builds.length > 1 ? ` ${build.name.padEnd(8)}` : ''} n=${String(measured.requests).padStart(3)} p50 first ${fmt(measured.coldP50).padStart(7)} ms, repeat ${fmt(measured.warmP50).padStart(7)} ms | CPU/req first ${fmt(measured.coldCpu).padStart(7)} ms, repeat ${fmt(measured.warmCpu).padStart(7)} ms | statements ≤ ${measured.statements}${measured.errors.length ? ` | errors: ${measured.errors.join(' / ')}` : ''}`,
          );
        });
      }
    } finally {
      for (const build of builds) await build.target.stop();
    }
  }
}

// Before (the other build) and after (this one), per family, shape and size: repeats' p50 and CPU per request.
if (AGAINST) {
  console.log(`| family | shape | records | p50 ${AGAINST} (ms) | p50 this (ms) | CPU/req ${AGAINST} (ms) | CPU/req this (ms) |`);
  console.log('|---|---|--:|--:|--:|--:|--:|');
  for (const [key, after] of results) {
    const before = against.get(key);
    const [shape, scale] = key.split('/');
    if (before) console.log(`| ${after.family} | ${shape} | ${scale} | ${fmt(before.warmP50)} | ${fmt(after.warmP50)} | ${fmt(before.warmCpu)} | ${fmt(after.warmCpu)} |`);
  }
}

// Growth from the first scale to the last, per shape: p50 of the repeats and CPU per request (each build's).
function printGrowth(measured: Map<string, Measured>, build: string) {
  const [first, last] = [SCALES[0]!, SCALES.at(-1)!];
  console.log(`| family | shape | build | p50 ${first} (ms) | p50 ${last} (ms) | growth | CPU/req ${first} (ms) | CPU/req ${last} (ms) | first-pass CPU/req ${last} (ms) | statements |`);
  console.log('|---|---|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const shape of SHAPES) {
    for (const [key, small] of measured) {
      if (!key.startsWith(`${shape}/${first}/`)) continue;
      const large = measured.get(`${shape}/${last}/${small.family}`);
      if (!large) continue;
      const growth = large.warmP50 / small.warmP50;
      console.log(
        `| ${small.family} | ${shape} | ${build} | ${fmt(small.warmP50)} | ${fmt(large.warmP50)} | ${fmt(growth)}×${growth > 1.5 ? ' **' : ''} | ${fmt(small.warmCpu)} | ${fmt(large.warmCpu)} | ${fmt(large.coldCpu)} | ${Math.max(small.statements, large.statements)} |`,
      );
    }
  }
}
if (SCALES.length > 1) {
  printGrowth(results, 'this');
  if (AGAINST) printGrowth(against, AGAINST);
}

