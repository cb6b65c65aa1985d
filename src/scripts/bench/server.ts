/**
 * A benchmark target, run as its own process: `api` is the real app (the Node entry's wiring, with
 * the response cache off and no rate limit; `cached` with the cache on and prepared reads off), `baseline` a plain HTTP handler
 * running hand-written SQL. Both answer POST /graphql-style bodies; the baseline picks its
 * operation by name. Prints `ready <port>` once listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@libsql/client';

const [mode = 'api', dbPath = 'data/brics.db'] = process.argv.slice(2);
const url = `file:${dbPath}`;

function listen(server: ReturnType<typeof createServer>) {
  server.listen(0, '127.0.0.1', () => {
    console.log(`ready ${(server.address() as AddressInfo).port}`);
  });
}

// Imported per mode, so the baseline process loads none of the API's code.
if (mode === 'api' || mode === 'cached') {
  const { createApp } = await import('../../app');
  const { createNodeDatabase } = await import('../../db/client');
  const { nodeRequestLogger } = await import('../../plugins/node-log');
  const db = createNodeDatabase({ url });
  // `cached` measures response-cache hits, which prepared reads would otherwise answer first.
  const app = createApp({
    db,
    trace: true,
    caching: { responseCache: mode === 'cached' },
    ...(mode === 'cached' ? { preparedReads: false as const } : {}),
    observability: { logger: nodeRequestLogger() },
  });
  const { createNodeListener } = await import('../../node-listener');
  listen(createServer(createNodeListener(app)));
} else {
  const { OPERATIONS } = await import('./operations');
  const db = createClient({ url });
  const byName = new Map(OPERATIONS.map((operation) => [operation.name, operation]));
  listen(
    createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { operationName?: string; variables?: Record<string, unknown> };
        const operation = byName.get(body.operationName ?? '');
        if (!operation) {
          response.writeHead(404).end();
          return;
        }
        operation.baseline(db, body.variables ?? {}).then(
          (data) => {
            const json = JSON.stringify({ data });
            response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
          },
          (error: unknown) => {
            response.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
          },
        );
      });
    }),
  );
}

// BENCH_PROFILE=<file>: a CPU profile of the requests only (start-up left out), written on SIGINT.
if (process.env.BENCH_PROFILE) {
  const { Session } = await import('node:inspector/promises');
  const { writeFileSync } = await import('node:fs');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  process.once('SIGINT', () => {
    void session.post('Profiler.stop').then(({ profile }) => {
      writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
      process.exit(0);
    });
  });
}
