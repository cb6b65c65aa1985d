/**
 * The Node server's request listener. Requests go through the fetch adapter, as the Worker's go
 * through its runtime, except those the prepared lane may take (src/plugins/prepared-reads.ts):
 * their head and body are read straight from Node's request and the lane's answer is written
 * straight to Node's response, without a Request, a Response, an abort signal and the streams
 * around them — for a small read that wrapping cost as much CPU as the lane's whole answer. A
 * request the lane hands back goes the whole way exactly as the adapter would have sent it, rebuilt
 * with the body already read.
 */
import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createServerAdapter, sendNodeResponse } from '@whatwg-node/server';
import { GRAPHQL_ENDPOINT, type App, type AppLane } from './app';
import type { RequestHead } from './plugins/observability';
import { errorResponse } from './plugins/security/error-response';

/** Node's request headers (names lower-cased, repeats joined as Node joins them) read as `Headers` reads them. */
class NodeHeaders implements Pick<Headers, 'get' | 'has'> {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }
}

/** The request's URL as the adapter builds it from the Host header and the target; null when no URL can be made of them. */
function fullUrl(request: IncomingMessage): string | null {
  const protocol = (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const url = `${protocol}://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`;
  return URL.canParse(url) ? url : null;
}

/** The head of a request for the GraphQL endpoint; null for any other path. */
function graphqlRequestHead(request: IncomingMessage, url: string): RequestHead | null {
  const target = request.url ?? '';
  const queryStart = target.indexOf('?');
  if ((queryStart === -1 ? target : target.slice(0, queryStart)) !== GRAPHQL_ENDPOINT) return null;
  return { method: request.method ?? 'GET', url, headers: new NodeHeaders(request.headers) };
}

/** The whole body, or null when the client went away before sending it. */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    request.once('error', () => resolve(null));
    request.once('aborted', () => resolve(null));
  });
}

/** Decodes as `Request.text()` does (UTF-8, a byte-order mark dropped, bad bytes replaced). */
const decoder = new TextDecoder();

/** A small response in one write, with its length and the status's own reason phrase. */
async function sendWhole(answer: Response, response: ServerResponse): Promise<void> {
  const body = await answer.text();
  response.writeHead(answer.status, { ...Object.fromEntries(answer.headers), 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

export function createNodeListener(app: App): RequestListener {
  const adapter = createServerAdapter(app.fetch);
  const lane = app.lane;

  return (request, response) => {
    const url = fullUrl(request);
    if (url === null) {
      // A space, a port past 65535: the adapter itself failed on it with a 500 and a stack trace.
      void sendWhole(errorResponse(400, 'The Host header is not a valid host name.', 'BAD_REQUEST'), response);
      return;
    }
    const head = lane ? graphqlRequestHead(request, url) : null;
    if (!lane || !head || !lane.takes(head)) {
      void adapter(request, response);
      return;
    }
    void serveLane(lane, head, request, response).catch(() => {
      // Nothing here is expected to fail; a response must still end.
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };

  async function serveLane(lane: AppLane, head: RequestHead, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = head.method === 'GET' ? null : await readBody(request);
    if (body === null && head.method !== 'GET') {
      response.destroy();
      return;
    }
    const serverContext = { req: request, res: response, waitUntil: adapter.waitUntil };
    const outcome = await lane.answer(head, body === null ? new URL(head.url).searchParams : decoder.decode(body), serverContext);
    if ('body' in outcome) {
      response.writeHead(outcome.status, { ...outcome.headers, 'content-length': String(Buffer.byteLength(outcome.body)) });
      response.end(outcome.body);
      return;
    }
    // As the adapter builds it: the client's going away aborts the request's signal.
    const controller = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const whole = new lane.Request(head.url, {
      method: head.method,
      headers: request.headers as Record<string, string>,
      // The bytes as received: the whole way decodes (and reports) them as it always did.
      ...(body === null ? {} : { body: body as Uint8Array<ArrayBuffer> }),
      signal: controller.signal,
    });
    await sendNodeResponse(await lane.wholeWay(whole, serverContext, outcome), response, request, false);
  }
}
