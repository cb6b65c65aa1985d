/**
 * Database factories. Node reaches an embedded libSQL file or a remote server through
 * `@libsql/client`; the Worker uses the HTTP-only build (see client-web.ts). Both return the same
 * Drizzle database type, so everything above src/db/ is runtime-agnostic.
 */
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import LibsqlDatabase from 'libsql';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { registerBulkWriter, type BulkWriter } from './bulk';
import { DEFAULT_DATABASE_TIMEOUT_MS, deadlineFetch, openRetryingWhileBusy } from './faults';
import { meterClient } from './meter';
import { relations } from './relations';
import { withRelationalDepth } from './relational-depth';
import { withStatementCache } from './statement-cache';

export type Database = LibSQLDatabase<typeof relations> & { $client: Client };

/**
 * The page cache of the connection that answers reads. SQLite's default 2 MB holds little more
 * than the indexes' upper levels of a large file: reads varied across a 100k-record file (1.1 GB)
 * then paid a read() per page they touched again (20 connections: a filtered nested list 2.9 →
 * 1.2-1.6 ms CPU per request with 12 MB). It fills only as pages are read, and the Node server's
 * smaller young generation (`npm start`) gives back more than it takes: peak RSS 144-147 MB against
 * 147-150 before, 123-134 against 132-144 on 1k records.
 */
const READ_PAGE_CACHE_KIB = 12 * 1024;

export interface DatabaseConfig {
  url: string;
  authToken?: string | undefined;
  /**
   * Longest wait for one round trip to a remote database, or for another process to release an
   * embedded file's lock (within a request, its deadline cuts it shorter). Default 5 s.
   */
  timeoutMs?: number | undefined;
}

/** The embedded default: a file inside the project, created on first start. */
const DEFAULT_DATABASE_URL = 'file:data/brics.db';

/** SQLite's own busy wait (it blocks the thread, so it stays short); longer waits are retried. */
const NATIVE_BUSY_TIMEOUT_MS = 20;

export function createNodeDatabase(config: DatabaseConfig): Database {
  const timeoutMs = config.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS;
  const embedded = config.url.startsWith('file:');
  const open = () =>
    createClient({
      url: config.url,
      authToken: config.authToken,
      ...(embedded ? { timeout: NATIVE_BUSY_TIMEOUT_MS } : { fetch: deadlineFetch(timeoutMs) }),
    });
  if (!embedded) return withRelationalDepth(drizzle({ client: meterClient(open()), relations }));
  const file = cachedStatementsPath(config.url);
  // Reopened after a busy failure (see openRetryingWhileBusy), kept statements included.
  const openEmbedded = file ? () => withStatementCache(open(), { path: file, timeout: NATIVE_BUSY_TIMEOUT_MS, pageCacheKiB: READ_PAGE_CACHE_KIB }) : open;
  const db = withRelationalDepth(drizzle({ client: meterClient(openRetryingWhileBusy(openEmbedded, timeoutMs)), relations }));
  if (file) registerBulkWriter(db, embeddedBulkWriter(file, timeoutMs));
  return db;
}

/** One prepared statement for every row, on a connection of its own until closed; each call one transaction. */
function embeddedBulkWriter(file: string, timeoutMs: number): BulkWriter {
  return {
    open(statement) {
      const connection = new LibsqlDatabase(file, { timeout: timeoutMs });
      const prepared = connection.prepare(statement);
      const write = connection.transaction((rows: readonly (readonly (string | number | null)[])[]) => {
        for (const row of rows) prepared.run([...row]);
      });
      return {
        run: (rows) => Promise.resolve(rows.length > 0 ? write(rows) : undefined),
        close: () => connection.close(),
      };
    },
  };
}

/**
 * The file whose reads may run from kept prepared statements (src/db/statement-cache.ts): a plain
 * `file:` URL. Not an in-memory database (a second connection would see another, empty one), nor
 * a URL with options the cache's own connection would not share.
 */
function cachedStatementsPath(url: string): string | undefined {
  if (url.includes('?') || url.includes(':memory:')) return undefined;
  return url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length);
}

/** The database the Node server and scripts use: LIBSQL_URL when set, else the embedded default. */
export function nodeDatabaseUrl(configured: string | undefined): string {
  return configured ?? DEFAULT_DATABASE_URL;
}

/**
 * Opens the database of the Node server and scripts (see nodeDatabaseUrl); the embedded default
 * file's folder is created on first use.
 */
export function openNodeDatabase(config: Partial<DatabaseConfig>): Database {
  const url = nodeDatabaseUrl(config.url);
  if (url === DEFAULT_DATABASE_URL) mkdirSync('data', { recursive: true });
  return createNodeDatabase({ ...config, url });
}

/**
 * For an embedded database: a readiness probe that fails once the file is deleted or replaced.
 * An open connection keeps reading a deleted file, so a query alone does not notice.
 */
export function databaseFileProbe(url: string): (() => void) | undefined {
  if (!url.startsWith('file:') || url.includes(':memory:')) return undefined;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url.slice('file:'.length).split('?')[0]!;
  const opened = statSync(path, { throwIfNoEntry: false });
  return () => {
    const now = statSync(path, { throwIfNoEntry: false });
    if (!now) throw new Error('the database file was deleted');
    if (opened && (now.ino !== opened.ino || now.dev !== opened.dev)) throw new Error('the database file was replaced');
  };
}
