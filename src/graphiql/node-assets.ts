/**
 * Serves GraphiQL's bundle from the installed package, for the Node server: compressed (brotli,
 * else gzip) as the Worker's static assets are, with an ETag so a reload costs a 304.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { sha256, toBase64Url } from '../db/hash';
import { GRAPHIQL_ASSET_FILES, GRAPHIQL_ASSET_PREFIX } from './page';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The files change only with the installed package; a day, then a revalidation by ETag. */
const CACHE_CONTROL = 'public, max-age=86400';

type Encoding = 'br' | 'gzip' | 'identity';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

// Quality 6 compresses the 5 MB script to 1.3 MB in under a second, off the main thread;
// quality 11 would gain little for many seconds on the first request.
const COMPRESS: Record<Exclude<Encoding, 'identity'>, (body: Uint8Array) => Promise<Uint8Array>> = {
  br: (body) =>
    brotli(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
    }),
  gzip: (body) => gzipped(body, { level: 9 }),
};

export function graphiqlAssetDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@graphql-yoga/graphiql/package.json')), 'dist');
}

/** The best encoding the client accepts (q=0 refuses one). */
export function negotiateEncoding(header: string | null): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    accepted.set(name.trim(), q ? Number.parseFloat(q.slice(2)) || 0 : 1);
  }
  const allows = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (allows('br')) return 'br';
  if (allows('gzip')) return 'gzip';
  return 'identity';
}

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  hash: string;
  encoded: Map<Encoding, Promise<Uint8Array<ArrayBuffer>>>;
}

/** Returns a handler answering only the known GraphiQL files; anything else falls through. */
export function createNodeAssetHandler(directory = graphiqlAssetDirectory()) {
  const assets = new Map<string, Promise<Asset>>();
  const load = (file: string) => {
    let asset = assets.get(file);
    if (!asset) {
      asset = readFile(join(directory, file)).then(async (content) => {
        const body = new Uint8Array(content) as Uint8Array<ArrayBuffer>;
        return { body, hash: toBase64Url(await sha256(body)).slice(0, 27), encoded: new Map() };
      });
      assets.set(file, asset);
    }
    return asset;
  };
  const encode = (asset: Asset, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> => {
    if (encoding === 'identity') return Promise.resolve(asset.body);
    let encoded = asset.encoded.get(encoding);
    if (!encoded) {
      encoded = COMPRESS[encoding](asset.body).then((bytes) => new Uint8Array(bytes) as Uint8Array<ArrayBuffer>);
      asset.encoded.set(encoding, encoded);
    }
    return encoded;
  };
  return async (request: Request): Promise<Response | null> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return null;
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(GRAPHIQL_ASSET_PREFIX)) return null;
    const file = pathname.slice(GRAPHIQL_ASSET_PREFIX.length);
    if (!(GRAPHIQL_ASSET_FILES as readonly string[]).includes(file)) return null;
    const asset = await load(file);
    const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
    const etag = `"${asset.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;
    const extension = file.slice(file.lastIndexOf('.'));
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'Cache-Control': CACHE_CONTROL,
      ETag: etag,
      Vary: 'Accept-Encoding',
    };
    const ifNoneMatch = request.headers.get('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      return new Response(null, { status: 304, headers });
    }
    const body = await encode(asset, encoding);
    if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(body.byteLength);
    return new Response(request.method === 'HEAD' ? null : body, { headers });
  };
}
