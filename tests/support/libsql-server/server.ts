/**
 * A local server for the libSQL remote protocol ("Hrana over HTTP", JSON encoding) backed by a real
 * libSQL engine (the `libsql` package), so tests and `wrangler dev` (`npm run db:serve`) can talk to
 * a database over HTTP exactly like the Worker does against Turso in production.
 *
 * Behaviour mirrors sqld (libsql-server) where the client can observe it:
 * - `GET /v2` and `GET /v3` answer 200, `/v3-protobuf` answers 404 so version-probing clients fall back
 *   to JSON. `@libsql/client` 0.18 does not probe at all: it always uses `POST /v2/pipeline`.
 * - every stream (baton) owns its own connection, so BEGIN..COMMIT in a batch or an interactive
 *   transaction runs on one connection; batons are single-use and expire after 10 s of inactivity.
 * - SQL errors are per-request `{type: "error"}` results with sqld's codes (`SQLITE_CONSTRAINT`,
 *   `SQL_PARSE_ERROR`, `SQL_INPUT_ERROR`, `ARGS_INVALID`, ...); the server itself never fails on them.
 * - `affected_row_count` is only set for INSERT/UPDATE/DELETE and `last_insert_rowid` only for INSERT.
 * One deliberate difference: protocol errors (bad JSON, invalid baton, ...) answer 400 with a JSON
 * `{message, code}` body rather than sqld's plain text, so the client surfaces a machine-readable code.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';
import { ProtocolError, StreamExpiredError } from './errors';
import { runPipeline } from './pipeline';
import { decodePipelineReqBody, parseJson, type HranaVersion } from './protocol';
import { StreamRegistry } from './streams';

export interface HranaServerOptions {
  /** Database file. Each stream opens its own connection to it, so it must be a real file. */
  dbPath: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Idle time after which an unused stream is closed (and its transaction rolled back). Default 10 s, as in sqld. */
  streamIdleTimeoutMs?: number;
}

export interface HranaServer {
  /** Base URL to pass to `createClient({ url })`. */
  readonly url: string;
  /** Number of pipeline HTTP requests received so far (one per client round trip). */
  readonly requests: number;
  close(): Promise<void>;
}

const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const INDEX_TEXT = 'Hello, this is HTTP API v2 (Hrana over HTTP)';

export async function startHranaServer(options: HranaServerOptions): Promise<HranaServer> {
  const { dbPath } = options;
  if (dbPath === '' || dbPath === ':memory:' || dbPath.startsWith('file::memory:')) {
    throw new Error('startHranaServer needs a database file: every stream opens its own connection');
  }
  const host = options.host ?? '127.0.0.1';

  // Fail fast on an unusable path, and switch to WAL like sqld so readers never block the writer.
  const bootstrap = new Database(dbPath);
  try {
    bootstrap.exec('PRAGMA journal_mode = WAL');
  } finally {
    bootstrap.close();
  }

  const streams = new StreamRegistry(dbPath, options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS);
  let pipelineRequests = 0;

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => sendFailure(res, error));
  });
  // A malformed HTTP request must not take the process down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    const pipelineVersion = PIPELINE_PATHS.get(path);
    if (pipelineVersion !== undefined) {
      if (method !== 'POST') return sendText(res, 405, 'Method not allowed', { allow: 'POST' });
      pipelineRequests += 1;
      const body = decodePipelineReqBody(parseJson(await readBody(req)));
      return sendJson(res, 200, await runPipeline(streams, body, pipelineVersion));
    }
    const readable = method === 'GET' || method === 'HEAD';
    if (path === '/' || path === '/v2' || path === '/v3') {
      return readable ? sendText(res, 200, INDEX_TEXT) : sendText(res, 405, 'Method not allowed', { allow: 'GET' });
    }
    if (path === '/health') {
      return readable ? sendText(res, 200, '') : sendText(res, 405, 'Method not allowed', { allow: 'GET' });
    }
    // Everything else, notably `/v3-protobuf` and the v3 cursor endpoint, is deliberately unsupported.
    return sendText(res, 404, 'Not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    get requests() {
      return pipelineRequests;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        streams.closeAll();
      });
      return closing;
    },
  };
}

const PIPELINE_PATHS = new Map<string, HranaVersion>([
  ['/v2/pipeline', 2],
  ['/v3/pipeline', 3],
]);

/** The HTTP request itself is refused (e.g. a body over the limit). */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  // The client only parses error bodies whose content type is exactly "application/json".
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendFailure(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof ProtocolError) return sendJson(res, 400, { message: error.message, code: error.code });
  if (error instanceof StreamExpiredError) return sendJson(res, 500, { message: error.message, code: error.code });
  if (error instanceof HttpError) {
    sendText(res, error.status, error.message, { connection: 'close' });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  sendJson(res, 500, { message: `Internal server error: ${message}`, code: 'INTERNAL_ERROR' });
}
