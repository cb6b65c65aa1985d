/**
 * The Worker as `wrangler deploy` uploads it: built from wrangler.toml (minified, without
 * `keep_names`, with its module aliases) and run in workerd through Miniflare, reaching a seeded
 * database over libSQL's HTTP protocol. The workers test project runs the sources through its own
 * bundler; this is the one place the deployed script itself answers reads, errors and writes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { LIMITS } from '../src/limits';
import { createNodeDatabase } from '../src/db/client';
import { createApiKey } from '../src/db/keys';
import { prepareDatabase } from '../src/db/setup';
import { copyGraphiQLAssets } from '../src/scripts/copy-graphiql-assets';
import { startHranaServer, type HranaServer } from './support/libsql-server/server';

interface Body {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { db?: { statements: number; roundTrips: number } };
}

const directory = mkdtempSync(join(tmpdir(), 'brics-deployed-'));
let server: HranaServer;
let worker: Miniflare;
let script = '';
/** The modules wrangler uploads beside the script: OpenCC's dictionaries, as text (wrangler.toml's rule). */
let textModules: string[] = [];
let authorization = '';

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await worker.dispatchFetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

beforeAll(async () => {
  copyGraphiQLAssets(); // wrangler.toml's [assets] directory must exist to build
  const outdir = join(directory, 'worker');
  await promisify(execFile)('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir, '--env='], {
    env: { ...process.env, NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' },
  });
  script = readFileSync(join(outdir, 'worker.js'), 'utf8');
  textModules = readdirSync(outdir).filter((name) => /^[0-9a-f]{40}-/.test(name));

  const dbPath = join(directory, 'worker.db');
  const db = createNodeDatabase({ url: `file:${dbPath}` });
  await prepareDatabase(db);
  const { key } = await createApiKey(db, { name: 'deployed-editor', scopes: ['records:write'] });
  authorization = `Bearer ${key}`;
  db.$client.close();
  server = await startHranaServer({ dbPath });

  // Bindings, flags and rate limits as wrangler reads them from wrangler.toml; static assets are
  // served before the Worker and are left out.
  const { workerOptions } = unstable_getMiniflareWorkerOptions('wrangler.toml');
  const { assets: _assets, ...options } = workerOptions;
  worker = new Miniflare({
    ...options,
    modulesRoot: outdir,
    modules: [
      { type: 'ESModule', path: join(outdir, 'worker.js') },
      ...textModules.map((name) => ({ type: 'Text' as const, path: join(outdir, name) })),
    ],
    bindings: { ...options.bindings, LIBSQL_URL: server.url, GRAPHQL_TRACE: '1' },
    // The Worker's one log line per request is not what this test reads; errors stay visible.
    handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
      stdout.resume();
      stderr.pipe(process.stderr);
    },
  });
  await worker.ready;
}, 180_000);

afterAll(async () => {
  await worker?.dispose();
  await server?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the deployed Worker script', () => {
  it('is the minified build, without the helper that keeps function names', () => {
    // esbuild's unminified output marks every module with a `// path` comment.
    expect(script).not.toMatch(/^\/\/ (node_modules|src)\//m);
    // With keep_names, esbuild defines `(fn, name) => defineProperty(fn, "name", …)` (minified) and
    // calls it for every function and class.
    expect(script).not.toMatch(/\([\w$]+,[\w$]+\)=>[\w$]+\([\w$]+,"name",\{value:[\w$]+,configurable:!0\}\)/);
    expect(script.length).toBeGreaterThan(100_000);
  });

  it("carries OpenCC's dictionaries as text modules beside the script, not as script in it", () => {
    expect(textModules.map((name) => name.slice(41)).sort()).toEqual([
      'CJK_Compatibility_Ideographs',
      'STCharacters',
      'STPhrases',
      'STPhrases_GeneratedFromRegionalPhrases',
      'TSCharacters',
      'TSPhrases',
    ]);
    for (const name of textModules) expect(script).toContain(`"./${name}"`);
    // With the dictionaries inside, the script was 3.1 MB.
    expect(script.length).toBeLessThan(1_500_000);
  });

  it('answers a nested read, pages on with its cursor and finds a row again by its global ID', async () => {
    const { status, body } = await post(`{
      record(slug: "industrial-internet-digital-manufacturing-forum-2022") {
        id title(locale: ZH_HANT) startsOn
        participants(first: 10) { totalCount nodes { role institution { slug country { code } } } }
      }
      records(first: 2) { totalCount pageInfo { endCursor hasNextPage } nodes { id } }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { record, records } = body.data!;
    expect(record).toMatchObject({ title: '金磚國家工業互聯網與數字製造發展論壇', startsOn: '2022-05-23' });
    expect(record.participants.totalCount).toBe(3);
    expect(record.participants.nodes.map((p: { institution: { slug: string } }) => p.institution.slug).sort()).toEqual([
      'fujian-government',
      'miit',
      'xiamen-government',
    ]);
    expect(body.extensions?.db?.roundTrips).toBeGreaterThanOrEqual(1);

    expect(records.pageInfo.hasNextPage).toBe(true);
    const next = await post(`query ($after: String) { records(first: 2, after: $after) { nodes { id } } }`, { after: records.pageInfo.endCursor });
    expect(next.body.errors).toBeUndefined();
    const firstPage = records.nodes.map((node: { id: string }) => node.id);
    const secondPage = next.body.data!.records.nodes.map((node: { id: string }) => node.id);
    expect(secondPage).toHaveLength(2);
    expect(secondPage.filter((id: string) => firstPage.includes(id))).toEqual([]);

    const lookup = await post(`query ($id: ID!) { node(id: $id) { __typename id ... on CooperationRecord { startsOn } } }`, { id: record.id });
    expect(lookup.body.data!.node).toEqual({ __typename: 'CooperationRecord', id: record.id, startsOn: '2022-05-23' });
  });

  it('refuses bad requests with typed errors: syntax, token limit, forged cursor, unknown ID', async () => {
    const syntax = await post('{ records(first: ');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors![0]!.message).toMatch(/^Syntax Error/);

    const tokens = await post(`{ base { ${'acronym '.repeat(LIMITS.maxTokens)} } }`);
    expect(tokens.status).toBe(400);
    expect(tokens.body.errors![0]).toMatchObject({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(tokens.body.errors![0]!.message).toMatch(/Token limit of 1000/);

    const cursor = await post(`query ($after: String) { records(first: 2, after: $after) { totalCount } }`, { after: 'garbage' });
    expect(cursor.status).toBeLessThan(500);
    expect(cursor.body.errors?.map((error) => error.extensions?.['code'])).toEqual(['BAD_USER_INPUT']);

    const unknownId = await post(`{ node(id: "not-a-global-id") { id } }`);
    expect(unknownId.status).toBeLessThan(500);
    expect(unknownId.body.errors?.map((error) => error.extensions?.['code'])).toEqual(['BAD_USER_INPUT']);
  });

  it('writes with a key, and answers invalid input and a missing key with typed results', async () => {
    const create = (input: Record<string, unknown>, headers: Record<string, string>) =>
      post(
        `mutation ($input: CreateCooperationRecordInput!) { createCooperationRecord(input: $input) {
          __typename
          ... on MutationError { message }
          ... on ValidationError { issues { path message } }
          ... on ForbiddenError { requiredScopes }
          ... on CreateCooperationRecordPayload { record { id version title(locale: ZH_HANT) countries { code } } }
        } }`,
        { input },
        headers,
      );
    const input = {
      slug: 'deployed-signed-project',
      kind: 'SIGNED_PROJECT',
      status: 'COMPLETED',
      pillar: 'PROJECT_DEVELOPMENT',
      // 制造 is 製造 only as a phrase: the Traditional comes from OpenCC's phrase dictionary.
      title: { en: 'Deployed signed project', zhHans: '数字制造签约项目' },
      startsOn: '2022-09-08',
      countries: ['CN', 'BR'],
    };

    const anonymous = await create(input, {});
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.data!.createCooperationRecord).toMatchObject({ __typename: 'ForbiddenError', requiredScopes: ['records:write'] });

    const badSlug = await create({ ...input, slug: 'Not A Slug' }, { authorization });
    expect(badSlug.body.data!.createCooperationRecord).toEqual({
      __typename: 'ValidationError',
      message: expect.any(String),
      issues: [{ path: ['input', 'slug'], message: 'input.slug: must be lower-case letters and digits in words joined by single hyphens' }],
    });
    const badYear = await create({ ...input, year: 1800 }, { authorization });
    expect(badYear.body.data!.createCooperationRecord.issues).toEqual([{ path: ['input', 'year'], message: 'input.year: must be 1990 or later' }]);

    const created = await create(input, { authorization });
    expect(created.body.errors).toBeUndefined();
    const result = created.body.data!.createCooperationRecord;
    expect(result.__typename).toBe('CreateCooperationRecordPayload');
    expect(result.record).toMatchObject({ version: 1, title: '數字製造簽約項目', countries: [{ code: 'BR' }, { code: 'CN' }] });

    const read = await post(`query ($id: ID!) { node(id: $id) { ... on CooperationRecord { slug } } }`, { id: result.record.id });
    expect(read.body.data!.node).toEqual({ slug: 'deployed-signed-project' });
  });
});
