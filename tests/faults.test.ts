/**
 * A sick database: stalled (a proxy that never answers, as a stopped server), locked by another
 * process, deleted or emptied. Every request ends by its deadline with a typed error and no 5xx;
 * a mutation reports failure only when nothing was written, and OUTCOME_UNKNOWN when it cannot know.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'libsql';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app';
import { createNodeDatabase, databaseFileProbe, type Database } from '../src/db/client';
import { createApiKey } from '../src/db/keys';
import { prepareDatabase } from '../src/db/setup';
import { startHranaServer, type HranaServer } from './support/libsql-server/server';
import { graphql, type GraphQLResponse } from './support/app';
import { startStallProxy, type StallProxy } from './support/stall-proxy';

/** Short, so that stalled requests end quickly; long enough for a normal request on a loaded machine. */
const DEADLINE_MS = 4_000;
/** A request that has not ended this long after its deadline counts as hanging. */
const HANG_MS = DEADLINE_MS + 10_000;

/** No 5xx, no SQL or driver text, and a typed error. */
function expectTypedFailure(reply: GraphQLResponse & { status: number }, codes: string[]): string {
  expect(reply.status, JSON.stringify(reply)).toBeLessThan(500);
  const text = JSON.stringify(reply);
  expect(text).not.toMatch(/Failed query|SQLITE_|LibsqlError|select |insert /i);
  const code = reply.errors?.[0]?.extensions?.code as string | undefined;
  expect(codes, text).toContain(code);
  return code!;
}

/** Runs a request and checks that it ended (it would otherwise hang until the stalled proxy closes). */
async function ended<T>(work: Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await work;
  expect(Date.now() - started).toBeLessThan(HANG_MS);
  return result;
}

const CREATE = `mutation ($input: CreateInstitutionInput!) {
  result: createInstitution(input: $input) { __typename ... on CreateInstitutionPayload { institution { id version } } ... on MutationError { message } }
}`;
const UPDATE = `mutation ($input: UpdateInstitutionInput!) {
  result: updateInstitution(input: $input) { __typename ... on UpdateInstitutionPayload { institution { id version acronym } } ... on MutationError { message } }
}`;
const institution = (slug: string) => ({ slug, type: 'COMPANY', name: { en: slug, zhHans: '测试' } });

describe('a remote database that stops answering', () => {
  let dir: string;
  let server: HranaServer;
  let proxy: StallProxy;
  let app: App;
  let db: Database;
  /** The same file, read directly: what was really stored. */
  let truth: Database;
  let writer: Record<string, string>;
  let target: { id: string; version: number };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faults-remote-'));
    const file = join(dir, 'remote.db');
    truth = createNodeDatabase({ url: `file:${file}` });
    await prepareDatabase(truth);
    const { key } = await createApiKey(truth, { name: 'writer', scopes: ['records:write'] });
    writer = { authorization: `Bearer ${key}` };
    server = await startHranaServer({ dbPath: file });
    proxy = await startStallProxy(server.url);
    db = createNodeDatabase({ url: proxy.url, timeoutMs: DEADLINE_MS });
    app = createApp({ db, requestTimeoutMs: DEADLINE_MS, observability: { logger: () => {} } });
    const { data } = await graphql(app, '{ institutions(first: 1) { nodes { id version } } }');
    target = data!.institutions.nodes[0];
  });
  afterAll(async () => {
    await proxy?.close();
    db?.$client.close();
    await server?.close();
    truth?.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function stored(slug: string): Promise<{ rows: number; history: number }> {
    const [row] = await truth.all<{ rows: number; history: number }>(
      sql`SELECT (SELECT count(*) FROM institutions WHERE slug = ${slug}) AS rows,
                 (SELECT count(*) FROM change_history h JOIN institutions i ON h.entity_type = 'Institution' AND h.entity_id = i.id WHERE i.slug = ${slug}) AS history`,
    );
    return { rows: Number(row!.rows), history: Number(row!.history) };
  }

  it('answers normally while the database answers', async () => {
    proxy.rule = () => 'pass';
    const reply = await graphql(app, CREATE, { input: institution('remote-ok') }, writer);
    expect(reply.data?.result.__typename).toBe('CreateInstitutionPayload');
    expect(await stored('remote-ok')).toEqual({ rows: 1, history: 1 });
  });

  it('ends anonymous and keyed reads and /health by the deadline, with typed errors', async () => {
    proxy.rule = () => 'hold';
    const anonymous = await ended(graphql(app, '{ institutions(first: 1) { totalCount } }'));
    expectTypedFailure(anonymous, ['TIMEOUT']);
    // Authentication reads the key from the database before execution starts.
    const keyed = await ended(graphql(app, '{ institutions(first: 1) { totalCount } }', undefined, writer));
    expect(expectTypedFailure(keyed, ['TIMEOUT'])).toBe('TIMEOUT');
    expect(keyed.errors?.[0]?.message).toMatch(/API key could not be checked/);
    const health = await ended(app.fetch(new Request('http://localhost/health')));
    expect(health.status).toBe(503);
    const body = await health.json();
    expect(body).toMatchObject({ status: 'unavailable', failed: 'database' });
    expect(body.reason).toMatch(/did not answer within/);
    expect(JSON.stringify(body)).not.toMatch(/SELECT|Failed query/i);
  });

  it('a write whose reply is lost is OUTCOME_UNKNOWN, never a failure — and it was applied', async () => {
    proxy.rule = (body) => (/insert into "?change_history/i.test(body) ? 'apply-then-hold' : 'pass');
    const reply = await ended(graphql(app, CREATE, { input: institution('remote-reply-lost') }, writer));
    expect(expectTypedFailure(reply, ['OUTCOME_UNKNOWN'])).toBe('OUTCOME_UNKNOWN');
    expect(reply.errors?.[0]?.message).toMatch(/may or may not have been saved.*Read the object again/s);
    // It was written, history included: the response did not claim otherwise.
    expect(await stored('remote-reply-lost')).toEqual({ rows: 1, history: 1 });
  });

  it('a write that never reached the database is OUTCOME_UNKNOWN too — and nothing was applied', async () => {
    proxy.rule = (body) => (/insert into "?change_history/i.test(body) ? 'hold' : 'pass');
    const reply = await ended(graphql(app, CREATE, { input: institution('remote-never-sent') }, writer));
    expect(expectTypedFailure(reply, ['OUTCOME_UNKNOWN'])).toBe('OUTCOME_UNKNOWN');
    expect(await stored('remote-never-sent')).toEqual({ rows: 0, history: 0 });
  });

  it('a write applied whose result cannot be read back says it was saved', async () => {
    let written = false;
    proxy.rule = (body) => {
      if (written) return 'hold';
      if (/insert into "?change_history/i.test(body)) written = true;
      return 'pass';
    };
    const reply = await ended(graphql(app, CREATE, { input: institution('remote-saved-unread') }, writer));
    expect(expectTypedFailure(reply, ['SAVED_NOT_RETURNED'])).toBe('SAVED_NOT_RETURNED');
    expect(reply.errors?.[0]?.message).toMatch(/was saved \(version 1\).*do not repeat the change/s);
    expect(reply.errors?.[0]?.extensions?.version).toBe(1);
    expect(await stored('remote-saved-unread')).toEqual({ rows: 1, history: 1 });
  });

  it('a write stuck before its batch was sent reports TIMEOUT and changes nothing', async () => {
    proxy.rule = () => 'pass';
    const before = (await graphql(app, 'query ($id: ID!) { node(id: $id) { ... on Institution { version } } }', { id: target.id })).data!.node.version;
    // The key check passes; the read before the write never comes back.
    proxy.rule = (body) => (/api_keys/.test(body) ? 'pass' : 'hold');
    const reply = await ended(graphql(app, UPDATE, { input: { id: target.id, version: before, acronym: 'STUCK' } }, writer));
    expect(expectTypedFailure(reply, ['TIMEOUT'])).toBe('TIMEOUT');
    expect(reply.errors?.[0]?.message).toMatch(/nothing was changed/i);
    proxy.rule = () => 'pass';
    const rowId = Number(Buffer.from(target.id, 'base64').toString().split(':')[1]);
    const [row] = await truth.all<{ version: number; acronym: string | null }>(sql`SELECT version, acronym FROM institutions WHERE id = ${rowId}`);
    expect(row).toMatchObject({ version: before });
    expect(row!.acronym).not.toBe('STUCK');
  });

  it('recovers as soon as the database answers again', async () => {
    proxy.rule = () => 'pass';
    const health = await app.fetch(new Request('http://localhost/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const reply = await graphql(app, CREATE, { input: institution('remote-after') }, writer);
    expect(reply.data?.result.__typename).toBe('CreateInstitutionPayload');
  });

  it('start-up against a database that never answers fails with one readable line', async () => {
    proxy.rule = () => 'hold';
    const root = fileURLToPath(new URL('..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/node.ts'], {
      cwd: root,
      env: { ...process.env, LIBSQL_URL: proxy.url, DATABASE_TIMEOUT_MS: '500', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', message: 'cannot start: database unusable', reason: expect.stringMatching(/did not answer/) });
  }, 60_000);
});

describe('an embedded database file', () => {
  let dir: string;
  let path: string;
  let db: Database;
  let app: App;
  let writer: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faults-file-'));
    path = join(dir, 'local.db');
    db = createNodeDatabase({ url: `file:${path}`, timeoutMs: DEADLINE_MS });
    await prepareDatabase(db);
    const { key } = await createApiKey(db, { name: 'writer', scopes: ['records:write'] });
    writer = { authorization: `Bearer ${key}` };
    app = createApp({
      db,
      requestTimeoutMs: DEADLINE_MS,
      observability: { logger: () => {} },
      readinessProbes: [databaseFileProbe(`file:${path}`)!],
    });
  });
  afterAll(() => {
    db?.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Another connection (as another process would) holding the file's exclusive lock. */
  function lockFile(): () => void {
    // It waits for the app's own short-lived locks, as another process would.
    const other = new Sqlite(path, { timeout: 10_000 });
    other.exec('BEGIN EXCLUSIVE');
    return () => {
      other.exec('COMMIT');
      other.close();
    };
  }

  it('locked by another process: typed errors by the deadline, no 5xx, nothing written', async () => {
    const release = lockFile();
    try {
      const read = await ended(graphql(app, '{ institutions(first: 1) { totalCount } }'));
      expectTypedFailure(read, ['DATABASE_UNAVAILABLE', 'TIMEOUT']);
      expect(JSON.stringify(read.errors)).toMatch(/locked by another process|ran out of time|Execution exceeded/);
      const keyed = await ended(graphql(app, CREATE, { input: institution('locked-out') }, writer));
      expectTypedFailure(keyed, ['DATABASE_UNAVAILABLE', 'TIMEOUT']);
      const health = await ended(app.fetch(new Request('http://localhost/health')));
      expect(health.status).toBe(503);
      expect((await health.json()).reason).toMatch(/locked by another process/);
    } finally {
      release();
    }
    const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM institutions WHERE slug = 'locked-out'`);
    expect(Number(row!.n)).toBe(0);
  });

  it('waits for a lock that is released within the deadline', async () => {
    const release = lockFile();
    const pending = graphql(app, CREATE, { input: institution('waited-for') }, writer);
    // Released on the next turn; the request keeps retrying without blocking the event loop.
    setImmediate(release);
    const reply = await ended(pending);
    expect(reply.status).toBe(200);
    expect(reply.data?.result.__typename).toBe('CreateInstitutionPayload');
    // Statements that once failed on the lock must not keep holding the file afterwards.
    await graphql(app, '{ institutions(first: 1) { totalCount } }', undefined, writer);
    const other = new Sqlite(path);
    other.exec('BEGIN EXCLUSIVE');
    other.exec('COMMIT');
    other.close();
  });

  it('/health reads a real table: a database without its tables fails, saying so without SQL', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'faults-empty-'));
    const empty = createNodeDatabase({ url: `file:${join(emptyDir, 'empty.db')}` });
    try {
      const emptyApp = createApp({ db: empty, observability: { logger: () => {} } });
      // SELECT 1 would pass here.
      const health = await emptyApp.fetch(new Request('http://localhost/health'));
      expect(health.status).toBe(503);
      const text = await health.text();
      expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', failed: 'database', reason: expect.stringMatching(/missing its tables/) });
      expect(text).not.toMatch(/SELECT|Failed query|params/i);
    } finally {
      empty.$client.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });

  it('a file replaced under the server: writes fail typed and land in neither file', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'faults-replaced-'));
    const otherPath = join(otherDir, 'local.db');
    const other = createNodeDatabase({ url: `file:${otherPath}` });
    try {
      await prepareDatabase(other);
      const { key } = await createApiKey(other, { name: 'replaced-writer', scopes: ['records:write'] });
      const replacedApp = createApp({ db: other, requestTimeoutMs: DEADLINE_MS, observability: { logger: () => {} }, readinessProbes: [databaseFileProbe(`file:${otherPath}`)!] });
      // Another database moved onto the path, as a restore from a backup would.
      const replacement = join(otherDir, 'replacement.db');
      const spare = new Sqlite(replacement);
      spare.exec('CREATE TABLE institutions (slug TEXT)');
      spare.close();
      renameSync(replacement, otherPath);
      const write = await graphql(replacedApp, CREATE, { input: institution('after-replace') }, { authorization: `Bearer ${key}` });
      expectTypedFailure(write, ['DATABASE_UNAVAILABLE']);
      const health = await replacedApp.fetch(new Request('http://localhost/health'));
      expect(health.status).toBe(503);
      expect((await health.json()).reason).toMatch(/replaced/);
      // The server's connections still read the file they opened; the one on the path is untouched.
      const [row] = await other.all<{ n: number }>(sql`SELECT count(*) AS n FROM institutions WHERE slug = 'after-replace'`);
      expect(Number(row!.n)).toBe(0);
      const onPath = new Sqlite(otherPath);
      expect(onPath.prepare('SELECT count(*) AS n FROM institutions').get()).toMatchObject({ n: 0 });
      onPath.close();
    } finally {
      other.$client.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('/health fails once the database file is deleted (writes then fail too)', async () => {
    expect((await app.fetch(new Request('http://localhost/health'))).status).toBe(200);
    unlinkSync(path);
    const health = await app.fetch(new Request('http://localhost/health'));
    expect(health.status).toBe(503);
    expect((await health.json()).reason).toMatch(/deleted/);
    const write = await graphql(app, CREATE, { input: institution('after-delete') }, writer);
    expectTypedFailure(write, ['DATABASE_UNAVAILABLE']);
    expect(write.errors?.[0]?.message).toMatch(/nothing was changed/i);
  });
});
