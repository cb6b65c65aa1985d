/**
 * Layers point down. A module may import from its own layer and the ones below it, never above:
 *
 *   entries (node.ts and its listener, worker.ts, scripts/)  →  app.ts  →  plugins/, graphiql/  →  builder.ts,
 *   graphql/  →  auth.ts  →  foundation (context, locale, limits, config, version)  →  db/
 *
 * so that, for instance, the pure rate-limit code never loads the schema builder and the data
 * layer never depends on GraphQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');

const LAYERS: { name: string; rank: number; matches: (path: string) => boolean }[] = [
  { name: 'db', rank: 0, matches: (p) => p.startsWith('db/') },
  { name: 'foundation', rank: 1, matches: (p) => ['context.ts', 'locale.ts', 'limits.ts', 'config.ts', 'version.ts'].includes(p) },
  { name: 'auth', rank: 2, matches: (p) => p === 'auth.ts' },
  { name: 'schema', rank: 3, matches: (p) => p === 'builder.ts' || p.startsWith('graphql/') },
  { name: 'server plugins', rank: 4, matches: (p) => p.startsWith('plugins/') || p.startsWith('graphiql/') },
  { name: 'app', rank: 5, matches: (p) => p === 'app.ts' },
  { name: 'entries', rank: 6, matches: (p) => ['node.ts', 'node-listener.ts', 'worker.ts'].includes(p) || p.startsWith('scripts/') },
];

function layerOf(path: string) {
  const layer = LAYERS.find((candidate) => candidate.matches(path));
  if (!layer) throw new Error(`src/${path} belongs to no layer: add it to LAYERS in this test`);
  return layer;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative specifiers of static imports, re-exports and dynamic imports, type-only ones included. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s+['"](\.[^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"](\.[^'"]+)['"]\s*\)/g)];
  return specifiers.map((match) => match[1]!);
}

function resolveImport(file: string, specifier: string): string {
  const target = relative(SRC, resolve(dirname(file), specifier)).replace(/\\/g, '/');
  return /\.(ts|js|json)$/.test(target) ? target.replace(/\.js$/, '.ts') : `${target}.ts`;
}

describe('package boundaries', () => {
  const files = sourceFiles(SRC);

  it('finds the source files it checks', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('has no import that points to a higher layer', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = relative(SRC, file).replace(/\\/g, '/');
      const fromLayer = layerOf(from);
      for (const specifier of importsOf(file)) {
        const target = resolveImport(file, specifier);
        // The package manifest (name and version) is data, not a layer.
        if (target === '../package.json') continue;
        // The benchmark drives the Worker against the local libSQL server, test tooling outside the API.
        if (from.startsWith('scripts/bench/') && target.startsWith('../tests/support/libsql-server/')) continue;
        if (target.startsWith('..')) {
          violations.push(`src/${from} imports ${specifier}, outside src/`);
          continue;
        }
        const targetLayer = layerOf(target.replace(/\/index\.ts$/, '/index.ts'));
        if (targetLayer.rank > fromLayer.rank) violations.push(`src/${from} (${fromLayer.name}) imports src/${target} (${targetLayer.name})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('would catch a backwards import', () => {
    // The checker itself: a data-layer file importing the builder is reported.
    expect(layerOf('db/writes.ts').rank).toBeLessThan(layerOf(resolveImport(join(SRC, 'db/writes.ts'), '../builder')).rank);
  });
});
