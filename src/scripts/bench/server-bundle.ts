/**
 * The bench's servers run as a bundle on plain `node`, built as `npm start` builds the Node server
 * (src/scripts/build-node.ts) and started with the same V8 flags as `npm start` (read from
 * package.json), so that their memory and CPU are what a deployment sees rather than a TypeScript
 * loader's. Built once per bench process.
 */
import { readFileSync } from 'node:fs';
import { buildNodeBundle } from '../build-node';

const BUNDLE = 'dist/bench/server.mjs';
/** For the CPU profile: the same server with its packages imported from node_modules, each named in the profile by its path. */
const PROFILED_BUNDLE = 'dist/bench/profiled-server.mjs';
const built = new Map<string, Promise<string>>();

export function benchServerBundle({ profiled = false } = {}): Promise<string> {
  const bundle = profiled ? PROFILED_BUNDLE : BUNDLE;
  if (!built.has(bundle)) built.set(bundle, buildNodeBundle('src/scripts/bench/server.ts', bundle, { packagesFromNodeModules: profiled }).then(() => bundle));
  return built.get(bundle)!;
}

/** The node flags of `npm start` (e.g. the heap sizing), in order. */
export function startNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const words = (scripts.start ?? '').split(/\s+/);
  if (words[0] !== 'node') return [];
  return words.slice(1).filter((word) => word.startsWith('--'));
}

/** `node` arguments that start the bench server in `mode` on `dbPath` (this checkout's build, or `bundle`). */
export async function benchServerArguments(mode: string, dbPath: string, bundle?: string): Promise<string[]> {
  return [...startNodeFlags(), bundle ?? (await benchServerBundle()), mode, dbPath];
}
