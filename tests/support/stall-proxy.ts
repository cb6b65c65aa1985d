/**
 * An HTTP proxy on 127.0.0.1 in front of the local libSQL server that can stall requests, as a
 * database behind a dead network or a stopped process does. Each request is judged by `rule` on
 * its body; a stalled request stays unanswered until the proxy closes, so the tests' outcome never
 * depends on how fast the machine is.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * - `pass`: forward, answer.
 * - `hold`: never forward, never answer (the database never sees it: SIGSTOP, a dead link).
 * - `apply-then-hold`: forward and let the database apply it, but never answer (a reply lost).
 */
export type StallMode = 'pass' | 'hold' | 'apply-then-hold';

export interface StallProxy {
  url: string;
  /** Decides per request, from its body (the Hrana pipeline JSON). */
  rule: (body: string) => StallMode;
  /** Requests held so far (never answered). */
  readonly held: number;
  /** Requests whose held body matched, for assertions. */
  readonly heldBodies: readonly string[];
  close(): Promise<void>;
}

export async function startStallProxy(target: string): Promise<StallProxy> {
  const held: ServerResponse[] = [];
  const heldBodies: string[] = [];
  const proxy: StallProxy = {
    url: '',
    rule: () => 'pass',
    get held() {
      return held.length;
    },
    heldBodies,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const mode = proxy.rule(body);
    if (mode === 'hold') {
      held.push(response);
      heldBodies.push(body);
      return;
    }
    const upstream = await fetch(new URL(request.url ?? '/', target), {
      method: request.method,
      headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : body,
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (mode === 'apply-then-hold') {
      held.push(response);
      heldBodies.push(body);
      return;
    }
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(answer);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
