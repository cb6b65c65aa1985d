/** Operating the API: one JSON log line per request, request ids, /health, /version and apiVersion. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/index';
import { LIMITS } from '../src/limits';
import { consoleLogger, createLineLogger, type RequestLogEntry } from '../src/plugins/observability';
import { printSortedSchema, SCHEMA_VERSION } from '../src/version';
import { createTestApp, graphql, type TestApp } from './support/app';

const packageVersion = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
// The text `npm run schema:print` writes to schema/schema.graphql (a test keeps that file current).
const schemaSha256 = createHash('sha256').update(printSortedSchema(schema)).digest('hex');

describe('observability', () => {
  let test: TestApp;
  const entries: RequestLogEntry[] = [];

  beforeAll(async () => {
    test = await createTestApp({ observability: { logger: (entry) => entries.push(entry) } });
  });
  afterAll(() => test?.close());

  const lastEntry = () => {
    expect(entries.length).toBeGreaterThan(0);
    return entries.at(-1)!;
  };

  it('logs a successful operation with its name, duration, status, cost and database use', async () => {
    const response = await graphql(test.app, 'query BaseName { base { name } }');
    expect(response.errors).toBeUndefined();
    const entry = lastEntry();
    expect(entry).toMatchObject({
      level: 'info',
      message: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'BaseName',
      operationType: 'query',
      errors: 0,
    });
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('x-request-id')).toBe(entry.requestId);
    expect(entry.db?.statements).toBeGreaterThan(0);
    // The cost the security plugins report in the result is logged as is.
    expect(response.extensions?.cost).toBeDefined();
    expect(entry.cost).toEqual(response.extensions?.cost);
    expect(JSON.parse(JSON.stringify(entry))).toEqual(entry);
  });

  it('keeps a well-formed incoming X-Request-Id and replaces a malformed one', async () => {
    const kept = await graphql(test.app, '{ base { acronym } }', undefined, { 'x-request-id': 'partner-42.abc' });
    expect(kept.headers.get('x-request-id')).toBe('partner-42.abc');
    expect(lastEntry().requestId).toBe('partner-42.abc');

    const replaced = await graphql(test.app, '{ base { acronym } }', undefined, { 'x-request-id': 'bad id {"level":"error"}' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lastEntry().requestId).toBe(replaced.headers.get('x-request-id'));
  });

  it('logs errors with their count and codes, and the operation name from the request', async () => {
    const response = await graphql(test.app, 'query Broken { base { noSuchField } }', undefined, {});
    expect(response.errors?.length).toBe(1);
    const entry = lastEntry();
    expect(entry.level).toBe('warn');
    expect(entry.errors).toBe(1);
    expect(entry.errorCodes).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(entry.status).toBe(response.status);
  });

  it('logs requests that are rejected before GraphQL runs, with their id', async () => {
    const response = await test.app.fetch(
      new Request('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ base { name } } # ${'x'.repeat(LIMITS.maxBodyBytes)}` }),
      }),
    );
    expect(response.status).toBe(413);
    const entry = lastEntry();
    expect(entry).toMatchObject({ level: 'warn', status: 413, path: '/graphql' });
    expect(response.headers.get('x-request-id')).toBe(entry.requestId);
  });

  it('logs /health, which checks the database', async () => {
    const response = await test.app.fetch(new Request('http://localhost/health'));
    expect(response.status).toBe(200);
    expect(lastEntry()).toMatchObject({ path: '/health', status: 200, method: 'GET' });
    expect(response.headers.get('x-request-id')).toBe(lastEntry().requestId);

    // With the database gone, health fails; liveness (the process answers) does not look at it.
    const broken = await createTestApp();
    broken.db.$client.close();
    try {
      const failed = await broken.app.fetch(new Request('http://localhost/health'));
      expect(failed.status).toBe(503);
      const live = await broken.app.fetch(new Request('http://localhost/live'));
      expect(live.status).toBe(200);
    } finally {
      broken.close();
    }
  });

  it('serves GET /version and Query.apiVersion with the schema hash of schema/schema.graphql', async () => {
    const response = await test.app.fetch(new Request('http://localhost/version'));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      name: 'brics-partnir-xiamen-api',
      version: packageVersion,
      schemaVersion: SCHEMA_VERSION,
      schemaHash: schemaSha256,
    });
    const field = await graphql(test.app, '{ apiVersion { version schemaVersion schemaHash } }');
    expect(field.data).toEqual({ apiVersion: { version: packageVersion, schemaVersion: SCHEMA_VERSION, schemaHash: schemaSha256 } });
  });

  it('lists the schema version in schema/CHANGELOG.md', () => {
    expect(readFileSync('schema/CHANGELOG.md', 'utf8')).toMatch(new RegExp(`^## ${SCHEMA_VERSION.replace(/\./g, '\\.')}\\b`, 'm'));
  });

  it('writes one JSON line per entry to the console by default', () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      consoleLogger({ level: 'info', message: 'request', time: 't', requestId: 'r', method: 'GET', path: '/', status: 200, durationMs: 1, errors: 0 });
    } finally {
      console.log = original;
    }
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ requestId: 'r', status: 200 });
  });

  const entry = (requestId: string, level: RequestLogEntry['level'] = 'info'): RequestLogEntry => ({
    level,
    message: 'request',
    time: 't',
    requestId,
    method: 'POST',
    path: '/graphql',
    status: level === 'error' ? 500 : 200,
    durationMs: 1,
    errors: 0,
  });

  it('the Node server writes the same lines once per event-loop turn, in order, errors to standard error', async () => {
    const writes: { stream: 'out' | 'err'; text: string }[] = [];
    const logger = createLineLogger({ out: (text) => writes.push({ stream: 'out', text }), err: (text) => writes.push({ stream: 'err', text }) });
    const console: string[] = [];
    const original = { log: globalThis.console.log, error: globalThis.console.error };
    globalThis.console.log = (line: string) => console.push(line);
    globalThis.console.error = (line: string) => console.push(line);
    try {
      for (const e of [entry('a'), entry('b'), entry('c', 'error'), entry('d')]) {
        logger(e);
        consoleLogger(e);
      }
    } finally {
      Object.assign(globalThis.console, original);
    }
    expect(writes).toEqual([]);
    await new Promise<void>((resolve) => {
      const poll = () => (writes.length > 0 ? resolve() : setTimeout(poll, 1));
      poll();
    });
    // Consecutive lines of one stream in one write; the text is what the console logger prints.
    expect(writes.map((w) => w.stream)).toEqual(['out', 'err', 'out']);
    expect(writes.map((w) => w.text).join('')).toBe(console.map((line) => `${line}\n`).join(''));
    logger(entry('e'));
    logger.flush();
    expect(writes.at(-1)).toEqual({ stream: 'out', text: `${JSON.stringify(entry('e'))}\n` });
  });

  it('the Node server loses no held line when the process exits or is stopped by a signal', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const script = (end: string) => `
      import { nodeRequestLogger } from './src/plugins/node-log.ts';
      const log = nodeRequestLogger();
      const entry = (requestId, level) => ({ level, message: 'request', time: 't', requestId, method: 'GET', path: '/', status: 200, durationMs: 1, errors: 0 });
      log(entry('first', 'info')); log(entry('broken', 'error')); log(entry('last', 'info'));
      ${end}`;
    const run = (end: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(end)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
        child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
      );
    };
    const ids = (text: string) => text.trim().split('\n').map((line) => (JSON.parse(line) as RequestLogEntry).requestId);
    const exited = await run('process.exit(3);');
    expect(exited.code).toBe(3);
    expect(ids(exited.stdout)).toEqual(['first', 'last']);
    expect(ids(exited.stderr)).toEqual(['broken']);
    // Stopped by a signal before the turn ends: the lines are written, and the process still ends by that signal.
    const stopped = await run(`process.kill(process.pid, 'SIGTERM'); setInterval(() => {}, 1000);`);
    expect(stopped.signal).toBe('SIGTERM');
    expect(ids(stopped.stdout)).toEqual(['first', 'last']);
    expect(ids(stopped.stderr)).toEqual(['broken']);
  }, 60_000);
});
