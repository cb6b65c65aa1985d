/** The real app behind a real HTTP server on 127.0.0.1 (a free port), for clients and browsers. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppOptions } from '../../src/app';
import { createNodeAssetHandler } from '../../src/graphiql/node-assets';
import { createNodeListener } from '../../src/node-listener';
import { createTestApp, type TestApp } from './app';

export interface TestServer extends TestApp {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  stop(): Promise<void>;
}

export async function startTestServer(options: Omit<AppOptions, 'db'> = {}): Promise<TestServer> {
  const testApp = await createTestApp({ assets: createNodeAssetHandler(), ...options });
  const server = createServer(createNodeListener(testApp.app));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...testApp,
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      testApp.close();
    },
  };
}
