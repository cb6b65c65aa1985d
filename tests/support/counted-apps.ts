/**
 * For tests of counters read on the compiled path: the app with its read paths observed, the same
 * database behind an app on the resolvers only (the reference), and an editor's and an
 * administrator's keys. Writes in these tests also bypass the API, which a response cache would not
 * notice, so neither app caches responses.
 */
import { createApp, type App } from '../../src/app';
import type { ReadPath } from '../../src/plugins/compiled-reads';
import { createTestApp, type TestApp } from './app';
import { bearer } from './writes';

export interface CountedApps {
  t: TestApp;
  resolvers: App;
  writer: Record<string, string>;
  admin: Record<string, string>;
  /** The compiled app's read paths, in request order. */
  paths: ReadPath[];
}

export async function createCountedApps(): Promise<CountedApps> {
  const paths: ReadPath[] = [];
  const t = await createTestApp({ caching: { responseCache: false }, compiledReads: { observe: (path) => paths.push(path) } });
  const resolvers = createApp({ db: t.db, caching: { responseCache: false }, compiledReads: false, observability: { logger: () => {} } });
  return { t, resolvers, paths, writer: await bearer(t, 'editor', ['records:write']), admin: await bearer(t, 'administrator', ['admin']) };
}
