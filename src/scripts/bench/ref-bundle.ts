/**
 * The bench server of another git ref, built from its files (exported beside this checkout,
 * sharing node_modules): the "before" side of an A/B comparison (ab.ts, variety.ts). Bench-only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildNodeBundle } from '../build-node';

export async function bundleOf(ref: string): Promise<string> {
  const commit = execFileSync('git', ['rev-parse', ref], { encoding: 'utf8' }).trim();
  const directory = join(tmpdir(), `bench-ab-${commit.slice(0, 12)}`);
  const bundle = join(directory, 'dist/bench/server.mjs');
  if (existsSync(bundle)) return bundle;
  mkdirSync(directory, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C ${directory}`]);
  if (!existsSync(join(directory, 'node_modules'))) symlinkSync(resolve('node_modules'), join(directory, 'node_modules'));
  await buildNodeBundle(join(directory, 'src/scripts/bench/server.ts'), bundle);
  return bundle;
}
