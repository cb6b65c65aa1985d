/**
 * `npm run build:node` (run by `npm start` first): bundles the Node server's own code into
 * dist/node/server.mjs, so that the server runs on plain `node` without a TypeScript loader beside
 * it (less memory, a faster start). Packages stay in node_modules and are imported from there.
 *
 * The output sits two folders below the repository, as src/db/*.ts does, so that paths the code
 * takes relative to its own file (the migrations in drizzle/) resolve the same in both.
 */
import { build } from 'esbuild';

export async function buildNodeBundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Readable stack traces: names and the `// src/…` markers stay.
    minify: false,
    logLevel: 'warning',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildNodeBundle('src/node.ts', 'dist/node/server.mjs');
}
