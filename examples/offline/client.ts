/**
 * An offline-first client: keeps the objects it needs in an embedded libSQL file, syncs them in a
 * few small requests when the network is there, and works from the file when it is not.
 *
 * It ships only the operations it was built with: requests name them by the SHA-256 hash that
 * GraphQL Code Generator wrote into gql/ (and into gql/persisted-documents.json, the manifest the
 * server registers), over GET, so they are short and cacheable.
 *
 * The sync loop:
 *   1. no cursor yet: read `syncSnapshot` page by page, store every object, keep `changesCursor`;
 *   2. read `changes(since: cursor)` page by page: store each object that comes, delete each that
 *      comes as null; store the page and its `cursor` in one local transaction;
 *   3. RESYNC_REQUIRED: drop the local copy and start again at 1.
 */
import { createClient, type Client as LocalDatabase, type InStatement } from '@libsql/client';
import type { TypedDocumentNode } from '@urql/core';
import {
  ChangesDocument,
  SyncSnapshotDocument,
  type Locale,
  type SyncedObjectFragment,
  type SyncSnapshotQuery,
} from './gql/graphql';

/** An object as the app stores it: what the SyncedObject fragment selects. */
export type SyncedObject = SyncedObjectFragment & { version?: number };

export interface StoredObject {
  id: string;
  type: string;
  version: number;
  data: SyncedObject;
}

/** The local copy: one table of objects and the feed cursor, in an embedded libSQL file. */
export class LocalStore {
  private constructor(private readonly db: LocalDatabase) {}

  static async open(path: string): Promise<LocalStore> {
    const db = createClient({ url: `file:${path}` });
    await db.batch(
      [
        'CREATE TABLE IF NOT EXISTS objects (id TEXT PRIMARY KEY, type TEXT NOT NULL, version INTEGER NOT NULL, data TEXT NOT NULL)',
        'CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
      ],
      'write',
    );
    return new LocalStore(db);
  }

  async cursor(): Promise<string | null> {
    const result = await this.db.execute(`SELECT value FROM sync_state WHERE key = 'cursor'`);
    return (result.rows[0]?.value as string | undefined) ?? null;
  }

  async versions(ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const result = await this.db.execute({ sql: `SELECT id, version FROM objects WHERE id IN (${ids.map(() => '?').join(', ')})`, args: [...ids] });
    return new Map(result.rows.map((row) => [row.id as string, Number(row.version)]));
  }

  /** Stores and deletes objects and moves the cursor, all or nothing. */
  async apply(upserts: readonly SyncedObject[], deletes: readonly string[], cursor: string | null): Promise<void> {
    const statements: InStatement[] = [
      ...upserts.map((object) => ({
        sql: 'INSERT INTO objects (id, type, version, data) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET type = excluded.type, version = excluded.version, data = excluded.data',
        args: [object.id, object.__typename, object.version ?? 0, JSON.stringify(object)],
      })),
      ...deletes.map((id) => ({ sql: 'DELETE FROM objects WHERE id = ?', args: [id] })),
      cursor === null
        ? `DELETE FROM sync_state WHERE key = 'cursor'`
        : { sql: `INSERT INTO sync_state (key, value) VALUES ('cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, args: [cursor] },
    ];
    await this.db.batch(statements, 'write');
  }

  async clear(): Promise<void> {
    await this.db.batch(['DELETE FROM objects', `DELETE FROM sync_state`], 'write');
  }

  async all(): Promise<StoredObject[]> {
    const result = await this.db.execute('SELECT id, type, version, data FROM objects ORDER BY type, id');
    return result.rows.map((row) => ({
      id: row.id as string,
      type: row.type as string,
      version: Number(row.version),
      data: JSON.parse(row.data as string) as SyncedObject,
    }));
  }

  close(): void {
    this.db.close();
  }
}

/** What one sync did to the local copy. */
export interface SyncReport {
  /** `snapshot` on the first sync (or after a resync), `feed` otherwise. */
  mode: 'snapshot' | 'feed';
  /** Whether the server refused the stored cursor and the copy was rebuilt. */
  resynced: boolean;
  requests: number;
  added: SyncedObject[];
  updated: SyncedObject[];
  removed: string[];
}

export class SyncError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

type Hashed = { __meta__?: { hash?: string } };

/** The hash GraphQL Code Generator embedded in a document (`sha256:<hex>`), as bare hex. */
function hashOf(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as unknown as Hashed).__meta__?.hash;
  if (!hash) throw new Error('The document has no persisted hash: run `npm run codegen`.');
  return hash.replace(/^sha256:/, '');
}

export interface OfflineClientOptions {
  /** e.g. http://localhost:4000/graphql */
  url: string;
  store: LocalStore;
  locale?: Locale;
  /** Extra request headers (an API key, if the app has one). */
  headers?: Record<string, string>;
  pageSize?: number;
  fetch?: typeof fetch;
}

export class OfflineClient {
  private readonly locale: Locale;
  private readonly pageSize: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: OfflineClientOptions) {
    this.locale = options.locale ?? 'EN';
    this.pageSize = options.pageSize ?? 100;
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Runs a trusted operation by its hash, over GET. */
  private async run<Data, Variables extends Record<string, unknown>>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
  ): Promise<Data> {
    const url = new URL(this.options.url);
    url.searchParams.set('variables', JSON.stringify(variables));
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hashOf(document as TypedDocumentNode<unknown, never>) } }));
    const response = await this.fetch(url, { headers: { accept: 'application/graphql-response+json', ...this.options.headers } });
    const body = (await response.json()) as { data?: Data | null; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) throw new SyncError(body.errors[0]!.message, body.errors[0]!.extensions?.code);
    if (!body.data) throw new SyncError(`HTTP ${response.status} without data`, undefined);
    return body.data;
  }

  /** Brings the local copy up to date (see the file's comment). */
  async sync(): Promise<SyncReport> {
    const cursor = await this.options.store.cursor();
    if (cursor === null) return this.fromSnapshot(false);
    try {
      return await this.follow(cursor, { mode: 'feed', resynced: false, requests: 0, added: [], updated: [], removed: [] });
    } catch (error) {
      if (error instanceof SyncError && error.code === 'RESYNC_REQUIRED') return this.fromSnapshot(true);
      throw error;
    }
  }

  private async fromSnapshot(resynced: boolean): Promise<SyncReport> {
    const report: SyncReport = { mode: 'snapshot', resynced, requests: 0, added: [], updated: [], removed: [] };
    await this.options.store.clear();
    let after: string | null = null;
    let changesCursor: string | null = null;
    for (;;) {
      const { syncSnapshot: page }: SyncSnapshotQuery = await this.run(SyncSnapshotDocument, { first: this.pageSize, after, locale: this.locale });
      report.requests += 1;
      changesCursor ??= page.changesCursor;
      // The feed cursor is stored with the last page only: an interrupted snapshot starts over.
      await this.options.store.apply(page.nodes, [], page.pageInfo.hasNextPage ? null : changesCursor);
      report.added.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor ?? null;
    }
    return this.follow(changesCursor, report);
  }

  private async follow(cursor: string | null, report: SyncReport): Promise<SyncReport> {
    let since = cursor;
    for (;;) {
      const { changes } = await this.run(ChangesDocument, { since, first: this.pageSize, locale: this.locale });
      report.requests += 1;
      // Within a page, the last entry of an object wins.
      const latest = new Map<string, SyncedObject | null>();
      for (const change of changes.nodes) latest.set(change.objectId, change.object ?? null);
      const known = await this.options.store.versions([...latest.keys()]);
      const upserts: SyncedObject[] = [];
      const deletes: string[] = [];
      for (const [id, object] of latest) {
        if (object) {
          upserts.push(object);
          if (!known.has(id)) report.added.push(object);
          else if (known.get(id) !== object.version) report.updated.push(object);
        } else if (known.has(id)) {
          deletes.push(id);
          report.removed.push(id);
        }
      }
      await this.options.store.apply(upserts, deletes, changes.cursor);
      since = changes.cursor;
      if (!changes.pageInfo.hasNextPage) return report;
    }
  }
}

/** A short label for an object, for printing. */
export function label(object: SyncedObject): string {
  if ('name' in object && object.name) return object.name;
  if ('title' in object && object.title) return object.title;
  if ('networkRole' in object) return `${object.networkRole} of ${object.network.id}`;
  if ('participantRole' in object) return `${object.participantRole} in ${object.record.id}`;
  return object.id;
}

/** Lines saying what a sync changed: `+` added, `~` updated, `-` removed. */
export function describeSync(report: SyncReport): string[] {
  return [
    `${report.mode}${report.resynced ? ' (resynced)' : ''}: ${report.added.length} added, ${report.updated.length} updated, ${report.removed.length} removed in ${report.requests} requests`,
    ...report.added.map((object) => `+ ${object.__typename} ${label(object)}`),
    ...report.updated.map((object) => `~ ${object.__typename} ${label(object)} (version ${object.version})`),
    ...report.removed.map((id) => `- ${id}`),
  ];
}
