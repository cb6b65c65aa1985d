/**
 * `npm start` runs the Node server from the bundle `npm run build:node` writes, not from the
 * sources the other tests import: built here the same way, started on a database file of its own,
 * it must read, write (OpenCC, left out of the bundle, loaded from node_modules), serve GraphiQL's
 * assets (found through the installed package).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDatabase } from '../src/db/client';
import { createApiKey } from '../src/db/keys';
import { prepareDatabase } from '../src/db/setup';
import { buildNodeBundle } from '../src/scripts/build-node';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Two folders below the repository, as dist/node/server.mjs is: the migrations resolve the same.
const BUNDLE = join(ROOT, 'dist', `node-bundle-test-${process.pid}`, 'server.mjs');

let dir: string;
let server: ChildProcess;
let endpoint: string;
let writer: string;
let stdout = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'node-bundle-'));
  const url = `file:${join(dir, 'api.db')}`;
  const db = createNodeDatabase({ url });
  await prepareDatabase(db);
  writer = (await createApiKey(db, { name: 'writer', scopes: ['records:write'] })).key;
  db.$client.close();

  await buildNodeBundle('src/node.ts', BUNDLE);
  server = spawn(process.execPath, [BUNDLE], { cwd: ROOT, env: { ...process.env, PORT: '0', LIBSQL_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Ready when it logs the address it listens on (a free port).
  endpoint = await new Promise<string>((resolve, reject) => {
    server.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { message?: string; url?: string })
        .find((line) => line.message === 'listening');
      if (listening?.url) resolve(listening.url);
    });
    server.on('exit', (code) => reject(new Error(`the bundled server exited (${code}): ${stderr}`)));
  });
}, 120_000);

afterAll(() => {
  server?.kill();
  rmSync(dir, { recursive: true, force: true });
  rmSync(join(BUNDLE, '..'), { recursive: true, force: true });
});

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

describe('the bundled Node server', () => {
  it('listens on the port the system gave it, and names it', () => {
    expect(endpoint).toMatch(/^http:\/\/localhost:[1-9]\d*\/graphql$/);
  });

  it('answers a nested read from the seeded database', async () => {
    const result = await post('{ base { slug } records(first: 2) { totalCount nodes { title kind participants(first: 2) { totalCount } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.base.slug).toEqual(expect.any(String));
    expect(result.data!.records.totalCount).toBeGreaterThan(2);
    expect(result.data!.records.nodes).toHaveLength(2);
  });

  it('writes with a key, deriving standard Traditional text from Simplified', async () => {
    const result = await post(
      `mutation ($input: CreateInstitutionInput!) {
        result: createInstitution(input: $input) { __typename ... on CreateInstitutionPayload { institution { slug nameTranslations { zhHans zhHant } } } ... on MutationError { message } }
      }`,
      { input: { slug: 'bundle-check', type: 'COMPANY', name: { en: 'Demonstration manufacturing centre', zhHans: '示范制造中心' } } },
      { authorization: `Bearer ${writer}` },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.result).toEqual({
      __typename: 'CreateInstitutionPayload',
      institution: { slug: 'bundle-check', nameTranslations: { zhHans: '示范制造中心', zhHant: '示範製造中心' } },
    });
  });

  it('serves GraphiQL and its assets from the installed package', async () => {
    const page = await fetch(endpoint, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/graphiql/');
    const asset = await fetch(new URL('/graphiql/graphiql.css', endpoint));
    expect(asset.status).toBe(200);
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});
