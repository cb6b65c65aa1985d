/** Copies GraphiQL's bundle into dist/assets for Workers Static Assets. */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphiqlAssetDirectory } from '../graphiql/node-assets';
import { GRAPHIQL_ASSET_FILES, GRAPHIQL_ASSET_PREFIX } from '../graphiql/page';

const target = join('dist', 'assets');
mkdirSync(join(target, GRAPHIQL_ASSET_PREFIX), { recursive: true });
for (const file of GRAPHIQL_ASSET_FILES) {
  copyFileSync(join(graphiqlAssetDirectory(), file), join(target, GRAPHIQL_ASSET_PREFIX, file));
}
// The script holds Unicode regular expressions: decoded as Latin-1 it fails, so say UTF-8.
writeFileSync(
  join(target, '_headers'),
  `${GRAPHIQL_ASSET_PREFIX}*.js\n  Content-Type: text/javascript; charset=utf-8\n  Cache-Control: public, max-age=86400\n${GRAPHIQL_ASSET_PREFIX}*.css\n  Content-Type: text/css; charset=utf-8\n  Cache-Control: public, max-age=86400\n`,
);
console.log(`GraphiQL assets copied to ${target}`);
