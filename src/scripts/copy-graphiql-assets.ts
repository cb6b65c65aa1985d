/** Copies GraphiQL's bundle into dist/assets for Workers Static Assets. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { graphiqlAssetDirectory } from '../graphiql/node-assets';
import { GRAPHIQL_ASSET_FILES, GRAPHIQL_ASSET_PREFIX } from '../graphiql/page';

export const DEFAULT_ASSET_TARGET = join('dist', 'assets');

/** Copies the files into `target` (wrangler.toml's `[assets]` directory) and returns it. */
export function copyGraphiQLAssets(target: string = DEFAULT_ASSET_TARGET): string {
  mkdirSync(join(target, GRAPHIQL_ASSET_PREFIX), { recursive: true });
  for (const file of GRAPHIQL_ASSET_FILES) {
    const destination = join(target, GRAPHIQL_ASSET_PREFIX, file);
    // Monaco's workers sit in a subdirectory.
    mkdirSync(dirname(destination), { recursive: true });
    copyFileSync(join(graphiqlAssetDirectory(), file), destination);
  }
  // The script holds Unicode regular expressions: decoded as Latin-1 it fails, so say UTF-8.
  writeFileSync(
    join(target, '_headers'),
    `${GRAPHIQL_ASSET_PREFIX}*.js\n  Content-Type: text/javascript; charset=utf-8\n  Cache-Control: public, max-age=86400\n${GRAPHIQL_ASSET_PREFIX}*.css\n  Content-Type: text/css; charset=utf-8\n  Cache-Control: public, max-age=86400\n`,
  );
  return target;
}

// Run as a script (`npm run assets`), not when imported by the test setup.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`GraphiQL assets copied to ${copyGraphiQLAssets()}`);
}
