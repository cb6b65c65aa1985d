/**
 * Kept prepared statements for the embedded database's reads (src/db/statement-cache.ts): the
 * same results and errors as the client itself, through schema changes and locks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client, type InStatement, type ResultSet, type TransactionMode } from '@libsql/client';
import Sqlite from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withStatementCache } from '../src/db/statement-cache';

let dir: string;
let path: string;
let plain: Client;
let cached: Client;
/** Statements the cached client handed to the client it wraps. */
const reachedClient: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'statement-cache-'));
  path = join(dir, 'cache.db');
  plain = createClient({ url: `file:${path}` });
  await plain.executeMultiple(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, note TEXT, big INTEGER, data BLOB);
    INSERT INTO items VALUES (1, '金砖', 12.5, NULL, 9007199254740991, x'00ff');
    INSERT INTO items VALUES (2, 'Xiamen', 3, 'two', -4, NULL);
    INSERT INTO items VALUES (3, 'huge', NULL, NULL, 9007199254740993, NULL);
  `);
  const wrapped = createClient({ url: `file:${path}` });
  const recording = new Proxy(wrapped, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return (statement: InStatement) => {
          reachedClient.push(typeof statement === 'string' ? statement : statement.sql);
          return target.execute(statement);
        };
      }
      if (property === 'batch') {
        return (statements: InStatement[], mode: TransactionMode) => {
          reachedClient.push(`batch ${mode}`);
          return target.batch(statements, mode);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  cached = withStatementCache(recording, { path });
});
afterAll(() => {
  cached?.close();
  plain?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Everything a caller can see of a result set. */
function seen(result: ResultSet) {
  return {
    columns: result.columns,
    columnTypes: result.columnTypes,
    rows: result.rows.map((row) => ({ values: Array.from(row), keys: Object.keys(row), json: JSON.stringify(row), length: row.length })),
    rowsAffected: result.rowsAffected,
    lastInsertRowid: result.lastInsertRowid,
    json: JSON.stringify(result.toJSON()),
  };
}

/** The outcome of a call, error or result, as a caller can see it. */
async function outcome(client: Client, statement: InStatement) {
  try {
    return { result: seen(await client.execute(statement)) };
  } catch (error) {
    const { name, message, code, rawCode } = error as Error & { code?: string; rawCode?: number };
    return { error: { name, message, code, rawCode, type: (error as object).constructor.name } };
  }
}

describe('kept prepared statements', () => {
  const READS: InStatement[] = [
    { sql: 'SELECT id, name, price, note, big FROM items WHERE id < ? ORDER BY id', args: [3] },
    { sql: 'SELECT id, name, price, note, big FROM items WHERE id < ? ORDER BY id', args: [2] },
    { sql: 'SELECT name AS n, name AS n, price * 2 AS doubled FROM items WHERE name = ? OR note IS ?', args: ['Xiamen', null] },
    { sql: `SELECT json_object('items', json_group_array(json_object('id', id, 'name', name))) AS data FROM items`, args: [] },
    { sql: 'WITH cheap AS (SELECT * FROM items WHERE price < ?) SELECT count(*) AS n FROM cheap', args: [10] },
    { sql: 'SELECT * FROM items WHERE id = ?', args: [99] },
    'SELECT count(*) FROM items',
  ];

  it('answer reads as the client does, without asking it', async () => {
    reachedClient.length = 0;
    for (const statement of READS) {
      // Twice: prepared, then kept.
      for (let round = 0; round < 2; round += 1) expect(await outcome(cached, statement)).toEqual(await outcome(plain, statement));
    }
    expect(reachedClient).toEqual([]);
  });

  it('leave integers past 2^53, blobs, other arguments and anything not a plain read to the client', async () => {
    reachedClient.length = 0;
    const huge = { sql: 'SELECT big FROM items WHERE id = ?', args: [3] };
    const other: InStatement[] = [
      huge,
      { sql: 'SELECT data FROM items WHERE id = ?', args: [1] },
      { sql: 'SELECT name FROM items WHERE id = ?', args: [2n] },
      { sql: 'SELECT name FROM items WHERE id = :id', args: { id: 2 } },
      { sql: 'UPDATE items SET note = ? WHERE id = ?', args: ['changed', 2] },
      { sql: 'WITH n AS (SELECT 1) UPDATE items SET note = ? WHERE id = ?', args: ['again', 2] },
    ];
    for (const statement of other) {
      const [ours, theirs] = [await outcome(cached, statement), await outcome(plain, statement)];
      // A write's lastInsertRowid belongs to the connection that ran it.
      expect(ours.result ? { ...ours.result, lastInsertRowid: 0, json: '' } : ours).toEqual(
        theirs.result ? { ...theirs.result, lastInsertRowid: 0, json: '' } : theirs,
      );
    }
    expect(reachedClient).toEqual(other.map((statement) => (typeof statement === 'string' ? statement : statement.sql)));
    expect((await outcome(cached, huge)).error?.type).toBe('RangeError');
    // The write is seen by the next read.
    const note = await cached.execute({ sql: 'SELECT note FROM items WHERE id = ?', args: [2] });
    expect(note.rows[0]?.note).toBe('again');
  });

  it('follow schema changes: a kept statement reads the columns the table has now', async () => {
    await plain.execute('CREATE TABLE altered (id INTEGER PRIMARY KEY, name TEXT)');
    await plain.execute(`INSERT INTO altered VALUES (1, 'one')`);
    const all = { sql: 'SELECT * FROM altered WHERE id = ?', args: [1] };
    reachedClient.length = 0;
    const before = await cached.execute(all);
    await plain.execute(`ALTER TABLE altered ADD COLUMN added TEXT DEFAULT 'new'`);
    const after = await cached.execute(all);
    expect(after.columns).toEqual([...before.columns, 'added']);
    expect(after.rows[0]?.added).toBe('new');
    expect(await outcome(cached, all)).toEqual(await outcome(plain, all));
    expect(reachedClient).toEqual([]);
  });

  it('fail as the client does when a table is gone, and recover when it is back', async () => {
    const read = { sql: 'SELECT count(*) AS n FROM extra WHERE id > ?', args: [0] };
    await plain.execute('CREATE TABLE extra (id INTEGER PRIMARY KEY)');
    expect(Number((await cached.execute(read)).rows[0]?.n)).toBe(0);
    await plain.execute('DROP TABLE extra');
    const gone = await outcome(cached, read);
    expect(gone.error?.message).toMatch(/no such table/);
    expect(gone).toEqual(await outcome(plain, read));
    await plain.execute('CREATE TABLE extra (id INTEGER PRIMARY KEY)');
    await plain.execute('INSERT INTO extra VALUES (1), (2)');
    expect(Number((await cached.execute(read)).rows[0]?.n)).toBe(2);
  });

  it('answer read batches (one read transaction) as the client does; other batches go to it', async () => {
    reachedClient.length = 0;
    const reads: InStatement[] = [
      { sql: 'SELECT id, name FROM items WHERE id < ? ORDER BY id', args: [3] },
      'SELECT count(*) AS n FROM items',
      { sql: `SELECT json_object('id', id) AS data FROM items WHERE name = ?`, args: ['Xiamen'] },
    ];
    const ours = await cached.batch(reads, 'read');
    const theirs = await plain.batch(reads, 'read');
    expect(ours.map(seen)).toEqual(theirs.map(seen));
    expect(reachedClient).toEqual([]);
    // A failing read, a blob and a write: the client answers, with its own results and errors.
    const failing = [reads[0]!, 'SELECT * FROM no_such_table'];
    await expect(cached.batch(failing, 'read')).rejects.toThrow(/no such table/);
    const blob = [{ sql: 'SELECT data FROM items WHERE id = ?', args: [1] }];
    expect((await cached.batch(blob, 'read')).map(seen)).toEqual((await plain.batch(blob, 'read')).map(seen));
    await cached.batch([{ sql: 'UPDATE items SET note = note WHERE id = ?', args: [1] }], 'write');
    expect(reachedClient).toEqual(['batch read', 'batch read', 'batch write']);
    expect((await cached.batch(reads, 'read')).map(seen)).toEqual(theirs.map(seen));
  });

  it('leave transactions to the client: their reads see their own writes', async () => {
    const transaction = await cached.transaction('write');
    try {
      await transaction.execute({ sql: 'UPDATE items SET name = ? WHERE id = ?', args: ['inside', 2] });
      const inside = await transaction.execute({ sql: 'SELECT name FROM items WHERE id = ?', args: [2] });
      expect(inside.rows[0]?.name).toBe('inside');
    } finally {
      await transaction.rollback();
    }
    expect((await cached.execute({ sql: 'SELECT name FROM items WHERE id = ?', args: [2] })).rows[0]?.name).toBe('Xiamen');
  });

  // Last: a client whose statement failed on the lock keeps holding the file (the server replaces
  // such a client, see openRetryingWhileBusy; these tests use the clients as they are).
  it('hold no lock between reads, and fail on a locked file as the client does', async () => {
    const read = { sql: 'SELECT name FROM items WHERE id = ?', args: [1] };
    await cached.execute(read);
    // Another process can take the file at once: no kept statement holds a read lock.
    const other = new Sqlite(path);
    other.exec('BEGIN EXCLUSIVE');
    try {
      const locked = await outcome(cached, read);
      expect(locked.error?.code).toBe('SQLITE_BUSY');
      expect(locked).toEqual(await outcome(plain, read));
    } finally {
      other.exec('COMMIT');
    }
    expect((await cached.execute(read)).rows[0]?.name).toBe('金砖');
    other.exec('BEGIN EXCLUSIVE');
    other.exec('COMMIT');
    other.close();
  });
});
