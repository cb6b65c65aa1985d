/** Where the source material lives: it is not part of the repository. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ARTICLE_FILE = 'xiamen-brics-innovation-base-2022.txt';
export const SUPPLEMENTARY_FILE = 'supplementary.md';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** `configured` (SOURCE_DIR), else `shared/source` beside the repository. */
export function sourceDirectory(configured: string | undefined): string {
  return resolve(configured || resolve(REPO_ROOT, '..', 'shared', 'source'));
}

/** Null when both files are there, else one line naming what is missing and where. */
export function missingSource(directory: string): string | null {
  const missing = [ARTICLE_FILE, SUPPLEMENTARY_FILE].filter((file) => !existsSync(resolve(directory, file)));
  if (missing.length === 0) return null;
  return `Source material not found: ${missing.join(' and ')} in ${directory} (set SOURCE_DIR to the folder that holds them).`;
}
