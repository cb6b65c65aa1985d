/** The app with its edge protections as `src/node.ts` wires them, on 127.0.0.1 (a free port). */
import type { SecurityOptions } from '../../src/plugins/security/index';
import { nodeSecurityOptions } from '../../src/plugins/security/runtime-options';
import { startTestServer, type TestServer } from './http-server';

export interface EdgeServer extends TestServer {
  /** e.g. http://127.0.0.1:41234/graphql */
  url: string;
}

export async function startEdgeServer(security: Partial<SecurityOptions> = {}): Promise<EdgeServer> {
  const server = await startTestServer({
    security: { ...nodeSecurityOptions({ CORS_ORIGINS: '*', TRUST_PROXY: false }), ...security },
  });
  return { ...server, url: `${server.origin}/graphql` };
}
