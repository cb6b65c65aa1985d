/** Serves GraphiQL's bundle from the installed package, for the Node server. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GRAPHIQL_ASSET_FILES, GRAPHIQL_ASSET_PREFIX } from './page';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function graphiqlAssetDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');
}

/** Returns a handler answering only the known GraphiQL files; anything else falls through. */
export function createNodeAssetHandler(directory = graphiqlAssetDirectory()) {
  const cache = new Map<string, Uint8Array<ArrayBuffer>>();
  return async (request: Request): Promise<Response | null> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) return null;
    const file = pathname.slice(GRAPHIQL_ASSET_PREFIX.length);
    if (!(GRAPHIQL_ASSET_FILES as readonly string[]).includes(file)) return null;
    let body = cache.get(file);
    if (!body) {
      body = new Uint8Array(await readFile(join(directory, file))) as Uint8Array<ArrayBuffer>;
      cache.set(file, body);
    }
    const extension = file.slice(file.lastIndexOf('.'));
    return new Response(request.method === 'HEAD' ? null : body, {
      headers: {
        'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
        'Cache-Control': 'public, max-age=86400',
      },
    });
  };
}
