import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, LibsqlBatchError, LibsqlError, type Client } from '@libsql/client/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from './support/libsql-server/server';

interface RawResponse {
  status: number;
  contentType: string | null;
  body: unknown;
}

/** Sends a pipeline request by hand, to check the wire format and the error paths the client never hits. */
async function rawPipeline(url: string, body: unknown, version: 2 | 3 = 2): Promise<RawResponse> {
  const response = await fetch(`${url}/v${version}/pipeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  return { status: response.status, contentType, body: contentType === 'application/json' ? (JSON.parse(text) as unknown) : text };
}

function batonOf(response: RawResponse): string | null {
  const { baton } = response.body as { baton: string | null };
  return baton;
}

const exec = (sql: string) => ({ type: 'execute', stmt: { sql } });

async function rejection(promise: Promise<unknown>): Promise<LibsqlError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof LibsqlError)) throw new Error(`Expected a LibsqlError, got ${String(error)}`);
  return error;
}

describe('local Hrana-over-HTTP server', () => {
  let dir: string;
  let server: HranaServer;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hrana-server-test-'));
    server = await startHranaServer({ dbPath: join(dir, 'main.db'), port: 0 });
    client = createClient({ url: server.url });
  });

  afterAll(async () => {
    client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 on a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('round-trips integer, real, text, null and blob values', async () => {
    await client.execute('CREATE TABLE vals (i INTEGER, r REAL, t TEXT, b BLOB, n)');
    const blob = new Uint8Array([0, 1, 2, 254, 255]);
    const inserted = await client.execute({
      sql: 'INSERT INTO vals (i, r, t, b, n) VALUES (?, ?, ?, ?, ?)',
      args: [42, 3.25, 'héllo 中文 ✓', blob, null],
    });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(1n);

    const rs = await client.execute('SELECT i, r, t, b, n, typeof(i) AS ti, typeof(r) AS tr, typeof(b) AS tb FROM vals');
    expect(rs.columns).toEqual(['i', 'r', 't', 'b', 'n', 'ti', 'tr', 'tb']);
    expect(rs.columnTypes).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB', '', '', '', '']);
    expect(rs.rowsAffected).toBe(0);
    expect(rs.lastInsertRowid).toBeUndefined();
    expect(rs.rows).toHaveLength(1);
    const row = rs.rows[0];
    expect(row?.['i']).toBe(42);
    expect(row?.['r']).toBe(3.25);
    expect(row?.['t']).toBe('héllo 中文 ✓');
    expect(row?.['n']).toBeNull();
    expect(row?.['b']).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(new Uint8Array(row?.['b'] as ArrayBuffer))).toEqual([0, 1, 2, 254, 255]);
    expect([row?.['ti'], row?.['tr'], row?.['tb']]).toEqual(['integer', 'real', 'blob']);

    // 64-bit integers travel as strings, so they survive beyond 2^53.
    const big = createClient({ url: server.url, intMode: 'bigint' });
    try {
      await big.execute({ sql: 'INSERT INTO vals (i) VALUES (?)', args: [9007199254740993n] });
      const max = await big.execute({ sql: 'SELECT max(i) AS m, ? AS min64 FROM vals', args: [-9223372036854775808n] });
      expect(max.rows[0]?.['m']).toBe(9007199254740993n);
      expect(max.rows[0]?.['min64']).toBe(-9223372036854775808n);
    } finally {
      big.close();
    }
  });

  it('uses the JSON value encoding on the wire', async () => {
    const response = await rawPipeline(server.url, {
      requests: [
        {
          type: 'execute',
          stmt: {
            sql: 'SELECT ? AS i, ? AS f, ? AS t, ? AS b, ? AS n, 2.0 AS whole_real',
            args: [
              { type: 'integer', value: '-7' },
              { type: 'float', value: 0.5 },
              { type: 'text', value: 'x' },
              { type: 'blob', base64: 'AQID' },
              { type: 'null' },
            ],
          },
        },
        { type: 'close' },
      ],
    });
    expect(response.status).toBe(200);
    expect(response.contentType).toBe('application/json');
    expect(response.body).toEqual({
      baton: null,
      base_url: null,
      results: [
        {
          type: 'ok',
          response: {
            type: 'execute',
            result: {
              cols: ['i', 'f', 't', 'b', 'n', 'whole_real'].map((name) => ({ name, decltype: null })),
              rows: [
                [
                  { type: 'integer', value: '-7' },
                  { type: 'float', value: 0.5 },
                  { type: 'text', value: 'x' },
                  { type: 'blob', base64: 'AQID' },
                  { type: 'null' },
                  { type: 'float', value: 2 },
                ],
              ],
              affected_row_count: 0,
              last_insert_rowid: null,
            },
          },
        },
        { type: 'ok', response: { type: 'close' } },
      ],
    });
  });

  it('reports affected rows for INSERT/UPDATE/DELETE and the rowid only for INSERT', async () => {
    await client.execute('CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)');
    const insert = await client.execute('INSERT INTO counters (n) VALUES (1), (2), (3)');
    expect(insert.rowsAffected).toBe(3);
    expect(insert.lastInsertRowid).toBe(3n);
    const update = await client.execute('UPDATE counters SET n = n + 10 WHERE n >= 2');
    expect(update.rowsAffected).toBe(2);
    expect(update.lastInsertRowid).toBeUndefined();
    const returning = await client.execute('DELETE FROM counters WHERE n > 10 RETURNING id');
    expect(returning.rowsAffected).toBe(2);
    expect(returning.rows.map((r) => r['id'])).toEqual([2, 3]);
    const select = await client.execute('SELECT count(*) AS c FROM counters');
    expect(select.rowsAffected).toBe(0);
    expect(select.rows[0]?.['c']).toBe(1);
  });

  it("batch(..., 'write') commits all statements together", async () => {
    const results = await client.batch(
      [
        'CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, balance REAL NOT NULL)',
        { sql: 'INSERT INTO accounts (email, balance) VALUES (?, ?)', args: ['a@example.com', 10.5] },
        { sql: 'INSERT INTO accounts (email, balance) VALUES (:email, :balance)', args: { email: 'b@example.com', balance: 20 } },
        'SELECT email, balance FROM accounts ORDER BY id',
      ],
      'write',
    );
    expect(results).toHaveLength(4);
    expect(results[1]?.lastInsertRowid).toBe(1n);
    expect(results[2]?.lastInsertRowid).toBe(2n);
    expect(results[3]?.rows.map((r) => [r['email'], r['balance']])).toEqual([
      ['a@example.com', 10.5],
      ['b@example.com', 20],
    ]);
    const after = await client.execute('SELECT count(*) AS c FROM accounts');
    expect(after.rows[0]?.['c']).toBe(2);
  });

  it('rolls back the whole batch when a later statement violates a constraint', async () => {
    const error = await rejection(
      client.batch(
        [
          { sql: 'INSERT INTO accounts (email, balance) VALUES (?, ?)', args: ['c@example.com', 1] },
          { sql: 'INSERT INTO accounts (email, balance) VALUES (?, ?)', args: ['a@example.com', 2] },
        ],
        'write',
      ),
    );
    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect((error as LibsqlBatchError).statementIndex).toBe(1);
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(error.message).toContain('UNIQUE constraint failed: accounts.email');

    const rows = await client.execute('SELECT email FROM accounts ORDER BY id');
    expect(rows.rows.map((r) => r['email'])).toEqual(['a@example.com', 'b@example.com']);
    // The failed batch left no transaction behind: the next write batch goes through.
    await client.batch([{ sql: 'INSERT INTO accounts (email, balance) VALUES (?, ?)', args: ['c@example.com', 3] }], 'write');
    const count = await client.execute('SELECT count(*) AS c FROM accounts');
    expect(count.rows[0]?.['c']).toBe(3);
  });

  it('enforces foreign keys on every connection', async () => {
    const pragma = await client.execute('PRAGMA foreign_keys');
    expect(pragma.rows[0]?.['foreign_keys']).toBe(1);

    await client.batch(
      [
        'CREATE TABLE parents (id INTEGER PRIMARY KEY)',
        'CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id) ON DELETE CASCADE)',
        'INSERT INTO parents (id) VALUES (1)',
        'INSERT INTO children (parent_id) VALUES (1)',
      ],
      'write',
    );
    const error = await rejection(client.execute({ sql: 'INSERT INTO children (parent_id) VALUES (?)', args: [99] }));
    expect(error.code).toBe('SQLITE_CONSTRAINT');
    expect(error.message).toContain('FOREIGN KEY constraint failed');

    await client.execute('DELETE FROM parents WHERE id = 1');
    const remaining = await client.execute('SELECT count(*) AS c FROM children');
    expect(remaining.rows[0]?.['c']).toBe(0);
  });

  it("supports 'read' and 'deferred' batches", async () => {
    const read = await client.batch(['SELECT count(*) AS c FROM accounts', 'SELECT 1 + 1 AS two'], 'read');
    expect(read.map((r) => r.rows[0]?.[0])).toEqual([3, 2]);
    const deferred = await client.batch(
      [{ sql: 'UPDATE accounts SET balance = balance * 2 WHERE email = ?', args: ['b@example.com'] }, "SELECT balance FROM accounts WHERE email = 'b@example.com'"],
      'deferred',
    );
    expect(deferred[0]?.rowsAffected).toBe(1);
    expect(deferred[1]?.rows[0]?.['balance']).toBe(40);
  });

  it('runs executeMultiple scripts, keeping trigger bodies together', async () => {
    await client.executeMultiple(`
      -- a comment with a ; in it
      CREATE TABLE audit (msg TEXT);
      CREATE TRIGGER accounts_audit AFTER INSERT ON accounts BEGIN
        INSERT INTO audit (msg) VALUES ('new;' || new.email);
        INSERT INTO audit (msg) VALUES (CASE WHEN new.balance > 5 THEN 'rich' ELSE 'poor' END);
      END;
      /* block comment; */ INSERT INTO accounts (email, balance) VALUES ('d@example.com', 7);;
    `);
    const audit = await client.execute('SELECT msg FROM audit ORDER BY rowid');
    expect(audit.rows.map((r) => r['msg'])).toEqual(['new;d@example.com', 'rich']);

    // Statements after a failing one do not run.
    const error = await rejection(client.executeMultiple("INSERT INTO audit VALUES ('one'); INSERT INTO nope VALUES (1); INSERT INTO audit VALUES ('three');"));
    expect(error.code).toBe('SQL_INPUT_ERROR');
    const after = await client.execute('SELECT msg FROM audit ORDER BY rowid');
    expect(after.rows.map((r) => r['msg'])).toEqual(['new;d@example.com', 'rich', 'one']);
  });

  it("maps SQL errors to sqld's error codes and keeps serving", async () => {
    const missing = await rejection(client.execute('SELECT * FROM no_such_table'));
    expect(missing.code).toBe('SQL_INPUT_ERROR');
    expect(missing.message).toContain('no such table: no_such_table');

    const syntax = await rejection(client.execute('SELEC 1'));
    expect(syntax.code).toBe('SQL_PARSE_ERROR');

    const many = await rejection(client.execute('SELECT 1; SELECT 2'));
    expect(many.code).toBe('SQL_MANY_STATEMENTS');

    const none = await rejection(client.execute('-- nothing here'));
    expect(none.code).toBe('SQL_NO_STATEMENT');

    const notNull = await rejection(client.execute("INSERT INTO accounts (email) VALUES ('e@example.com')"));
    expect(notNull.code).toBe('SQLITE_CONSTRAINT');
    expect(notNull.message).toContain('NOT NULL constraint failed: accounts.balance');

    // A bare `?` next to named arguments has no value: an error, not a crashed process.
    const mixed = await rejection(client.execute({ sql: 'SELECT :a AS a, ? AS b', args: { a: 1 } }));
    expect(mixed.code).toBe('ARGS_INVALID');
    const tooMany = await rejection(client.execute({ sql: 'SELECT ? AS a', args: [1, 2] }));
    expect(tooMany.code).toBe('ARGS_INVALID');

    const named = await client.execute({ sql: 'SELECT :a AS a, $b AS b, @c AS c, :a AS a2', args: { a: 1, $b: 'two', '@c': null } });
    expect(named.rows[0]).toMatchObject({ a: 1, b: 'two', c: null, a2: 1 });
    const numbered = await client.execute({ sql: 'SELECT ?2 AS second, ?1 AS first, ? AS third', args: ['x', 'y', 'z'] });
    expect(numbered.rows[0]).toMatchObject({ second: 'y', first: 'x', third: 'z' });
  });

  it('keeps an interactive transaction on one stream across requests', async () => {
    const other = createClient({ url: server.url });
    try {
      const tx = await client.transaction('write');
      await tx.execute({ sql: 'INSERT INTO accounts (email, balance) VALUES (?, ?)', args: ['tx@example.com', 1] });
      const inside = await tx.execute("SELECT count(*) AS c FROM accounts WHERE email = 'tx@example.com'");
      expect(inside.rows[0]?.['c']).toBe(1);
      // Other streams do not see uncommitted rows.
      const outside = await other.execute("SELECT count(*) AS c FROM accounts WHERE email = 'tx@example.com'");
      expect(outside.rows[0]?.['c']).toBe(0);
      await tx.rollback();
      const rolledBack = await other.execute("SELECT count(*) AS c FROM accounts WHERE email = 'tx@example.com'");
      expect(rolledBack.rows[0]?.['c']).toBe(0);

      const tx2 = await client.transaction('write');
      await tx2.execute({ sql: 'INSERT INTO accounts (email, balance) VALUES (?, ?)', args: ['tx2@example.com', 1] });
      await tx2.commit();
      const committed = await other.execute("SELECT count(*) AS c FROM accounts WHERE email = 'tx2@example.com'");
      expect(committed.rows[0]?.['c']).toBe(1);
    } finally {
      other.close();
    }
  });

  it("makes a writer wait for another stream's transaction instead of failing with SQLITE_BUSY", async () => {
    const other = createClient({ url: server.url });
    try {
      const tx = await client.transaction('write');
      await tx.execute("INSERT INTO accounts (email, balance) VALUES ('first@example.com', 1)");
      let settled = false;
      const waiting = other
        .batch(["INSERT INTO accounts (email, balance) VALUES ('second@example.com', 2)"], 'write')
        .finally(() => {
          settled = true;
        });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(settled).toBe(false);
      await tx.commit();
      const [result] = await waiting;
      expect(result?.rowsAffected).toBe(1);
      const both = await client.execute("SELECT email FROM accounts WHERE email IN ('first@example.com', 'second@example.com') ORDER BY id");
      expect(both.rows.map((r) => r['email'])).toEqual(['first@example.com', 'second@example.com']);
    } finally {
      other.close();
    }
  });

  it('counts one pipeline request per client round trip', async () => {
    let before = server.requests;
    await client.execute('SELECT 1');
    expect(server.requests - before).toBe(1);

    // store_sql + BEGIN + statements + COMMIT/ROLLBACK + close travel in a single request.
    before = server.requests;
    await client.batch(['SELECT 1', 'SELECT 2', 'SELECT 3'], 'write');
    expect(server.requests - before).toBe(1);

    before = server.requests;
    await client.executeMultiple('SELECT 1; SELECT 2;');
    expect(server.requests - before).toBe(1);

    // An interactive transaction: BEGIN + first statement, then COMMIT + close.
    before = server.requests;
    const tx = await client.transaction('read');
    await tx.execute('SELECT 1');
    await tx.commit();
    expect(server.requests - before).toBe(2);
  });

  it('evaluates batch step conditions like sqld', async () => {
    const response = await rawPipeline(
      server.url,
      {
        requests: [
          {
            type: 'batch',
            batch: {
              steps: [
                { stmt: { sql: 'SELECT 1' } },
                { stmt: { sql: 'SELECT * FROM no_such_table' } },
                { condition: { type: 'ok', step: 0 }, stmt: { sql: 'SELECT 2' } },
                { condition: { type: 'ok', step: 1 }, stmt: { sql: 'SELECT 3' } },
                { condition: { type: 'error', step: 1 }, stmt: { sql: 'SELECT 4' } },
                { condition: { type: 'not', cond: { type: 'ok', step: 3 } }, stmt: { sql: 'SELECT 5' } },
                { condition: { type: 'and', conds: [{ type: 'ok', step: 0 }, { type: 'ok', step: 1 }] }, stmt: { sql: 'SELECT 6' } },
                { condition: { type: 'or', conds: [{ type: 'ok', step: 0 }, { type: 'ok', step: 1 }] }, stmt: { sql: 'SELECT 7' } },
                { condition: { type: 'is_autocommit' }, stmt: { sql: 'SELECT 8' } },
              ],
            },
          },
          { type: 'get_autocommit' },
          { type: 'close' },
        ],
      },
      3,
    );
    expect(response.status).toBe(200);
    const [batch, autocommit] = (response.body as { results: { type: string; response: Record<string, unknown> }[] }).results;
    const result = batch?.response['result'] as { step_results: ({ rows: unknown[][] } | null)[]; step_errors: ({ code: string } | null)[] };
    const ran = result.step_results.map((r) => (r === null ? null : r.rows[0]?.[0]));
    expect(ran).toEqual([
      { type: 'integer', value: '1' },
      null,
      { type: 'integer', value: '2' },
      null,
      { type: 'integer', value: '4' },
      { type: 'integer', value: '5' },
      null,
      { type: 'integer', value: '7' },
      { type: 'integer', value: '8' },
    ]);
    expect(result.step_errors.map((e) => e?.code ?? null)).toEqual([null, 'SQL_INPUT_ERROR', null, null, null, null, null, null, null]);
    expect(autocommit?.response).toEqual({ type: 'get_autocommit', is_autocommit: true });

    // is_autocommit and get_autocommit need protocol version 3, as in sqld.
    const v2 = await rawPipeline(server.url, { requests: [{ type: 'get_autocommit' }] }, 2);
    expect(v2.status).toBe(400);
  });

  it('issues single-use batons and rejects stale or unknown ones with a 400 JSON error', async () => {
    const first = await rawPipeline(server.url, { requests: [exec('BEGIN'), exec("INSERT INTO audit (msg) VALUES ('baton')")] });
    expect(first.status).toBe(200);
    const baton1 = batonOf(first);
    expect(typeof baton1).toBe('string');

    const second = await rawPipeline(server.url, { baton: baton1, requests: [exec('SELECT count(*) FROM audit WHERE msg = \'baton\'')] });
    expect(second.status).toBe(200);
    const baton2 = batonOf(second);
    expect(baton2).not.toBe(baton1);
    // Same connection: the uncommitted row is visible.
    expect(JSON.stringify(second.body)).toContain('"value":"1"');

    const reused = await rawPipeline(server.url, { baton: baton1, requests: [exec('SELECT 1')] });
    expect(reused.status).toBe(400);
    expect(reused.contentType).toBe('application/json');
    expect(reused.body).toMatchObject({ code: 'BATON_REUSED' });

    const last = await rawPipeline(server.url, { baton: baton2, requests: [exec('ROLLBACK'), { type: 'close' }] });
    expect(last.status).toBe(200);
    expect(batonOf(last)).toBeNull();

    const closed = await rawPipeline(server.url, { baton: baton2, requests: [exec('SELECT 1')] });
    expect(closed.status).toBe(400);
    expect(closed.body).toMatchObject({ code: 'BATON_INVALID' });
    const unknown = await rawPipeline(server.url, { baton: 'not-a-baton', requests: [exec('SELECT 1')] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'BATON_INVALID', message: 'Received an invalid baton' });
  });

  it('answers malformed requests with 4xx and keeps serving', async () => {
    const garbage = await rawPipeline(server.url, '{"requests": [');
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ code: 'JSON_DESERIALIZE' });

    const shapes: unknown[] = [
      [],
      { requests: 'nope' },
      { requests: [{ type: 'execute' }] },
      { requests: [{ type: 'explode' }] },
      { requests: [{ type: 'execute', stmt: { sql: 'SELECT ?', args: [{ type: 'integer', value: '1.5' }] } }] },
      { requests: [{ type: 'execute', stmt: { sql: 'SELECT ?', args: [{ type: 'bool', value: true }] } }] },
      { requests: [{ type: 'execute', stmt: { sql_id: 12345 } }] },
      { requests: [{ type: 'batch', batch: { steps: [{ condition: { type: 'ok', step: 0 }, stmt: { sql: 'SELECT 1' } }] } }] },
    ];
    for (const body of shapes) {
      const response = await rawPipeline(server.url, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }

    const getPipeline = await fetch(`${server.url}/v2/pipeline`);
    expect(getPipeline.status).toBe(405);
    const protobuf = await fetch(`${server.url}/v3-protobuf`);
    expect(protobuf.status).toBe(404);
    const version = await fetch(`${server.url}/v2`);
    expect(version.status).toBe(200);
    const unknownPath = await fetch(`${server.url}/nope`);
    expect(unknownPath.status).toBe(404);

    const stillAlive = await client.execute('SELECT 41 + 1 AS answer');
    expect(stillAlive.rows[0]?.['answer']).toBe(42);
  });
});

describe('stream lifecycle', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hrana-server-lifecycle-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('expires idle streams and rolls back their transactions', async () => {
    const server = await startHranaServer({ dbPath: join(dir, 'expiry.db'), streamIdleTimeoutMs: 50 });
    try {
      await rawPipeline(server.url, { requests: [exec('CREATE TABLE t (x)'), { type: 'close' }] });
      const open = await rawPipeline(server.url, { requests: [exec('BEGIN IMMEDIATE'), exec('INSERT INTO t VALUES (1)')] });
      const baton = batonOf(open);
      expect(typeof baton).toBe('string');
      await new Promise((resolve) => setTimeout(resolve, 200));

      const expired = await rawPipeline(server.url, { baton, requests: [exec('COMMIT')] });
      expect(expired.status).toBe(500);
      expect(expired.body).toMatchObject({ code: 'STREAM_EXPIRED' });

      // The write lock is gone and the insert was rolled back.
      const client = createClient({ url: server.url });
      try {
        await client.execute('INSERT INTO t VALUES (2)');
        const rows = await client.execute('SELECT x FROM t');
        expect(rows.rows.map((r) => r['x'])).toEqual([2]);
      } finally {
        client.close();
      }
    } finally {
      await server.close();
    }
  });

  it('closes clients and the server, even with a transaction still open', async () => {
    const server = await startHranaServer({ dbPath: join(dir, 'close.db') });
    const client = createClient({ url: server.url });
    const tx = await client.transaction('write');
    await tx.execute('CREATE TABLE t (x)');

    client.close();
    expect(client.closed).toBe(true);
    await expect(client.execute('SELECT 1')).rejects.toThrow();

    await server.close();
    await expect(fetch(`${server.url}/v2`)).rejects.toThrow();

    // The open transaction was rolled back when its connection closed.
    const reopened = await startHranaServer({ dbPath: join(dir, 'close.db') });
    const again = createClient({ url: reopened.url });
    try {
      const tables = await again.execute("SELECT count(*) AS c FROM sqlite_master WHERE name = 't'");
      expect(tables.rows[0]?.['c']).toBe(0);
    } finally {
      again.close();
      await reopened.close();
    }
  });

  it('refuses an in-memory database, which streams could not share', async () => {
    await expect(startHranaServer({ dbPath: ':memory:' })).rejects.toThrow(/database file/);
  });
});
