/**
 * EXPLAIN QUERY PLAN for the statements each benchmark operation sends: the operation runs once
 * in-process through the real app (response cache off) on a client that records what it executes,
 * then SQLite explains each statement. Bench-only.
 *
 * `npx tsx src/scripts/bench/explain.ts [records] [operation name | GraphQL query]` prints, for the
 * synthetic data set of that size (default 1000), each statement with its plan (every benchmark
 * operation without a second argument).
 */
import { pathToFileURL } from 'node:url';
import { createClient, type InStatement } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { createApp } from '../../app';
import type { Database } from '../../db/client';
import { meterClient } from '../../db/meter';
import { relations } from '../../db/relations';
import { generateDataset } from './generate';
import { OPERATIONS, type Operation } from './operations';

export interface ExplainedStatement {
  sql: string;
  plan: string[];
}

export async function explainOperations(
  dbPath: string,
  operations: readonly { operation: Operation; variables: Record<string, unknown> }[],
): Promise<Map<string, ExplainedStatement[]>> {
  const raw = createClient({ url: `file:${dbPath}` });
  const seen: InStatement[] = [];
  const recording = new Proxy(raw, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'execute') return (statement: InStatement) => (seen.push(statement), target.execute(statement));
      if (property === 'batch') return (statements: InStatement[], mode: never) => (seen.push(...statements), target.batch(statements, mode));
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const db = drizzle({ client: meterClient(recording), relations }) as unknown as Database;
  const app = createApp({ db, caching: { responseCache: false }, observability: { logger: () => {} } });
  const explained = new Map<string, ExplainedStatement[]>();
  try {
    for (const { operation, variables } of operations) {
      seen.length = 0;
      await app.fetch(
        new Request('http://127.0.0.1/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: operation.query, variables }),
        }),
      );
      const statements = [...seen].filter((s) => /^\s*(select|with)\b/i.test(typeof s === 'string' ? s : s.sql));
      const list: ExplainedStatement[] = [];
      for (const statement of statements) {
        const sql = typeof statement === 'string' ? statement : statement.sql;
        const args = typeof statement === 'string' ? [] : statement.args;
        const plan = await raw.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never });
        list.push({ sql, plan: plan.rows.map((row) => String(row.detail)) });
      }
      explained.set(operation.name, list);
    }
  } finally {
    raw.close();
  }
  return explained;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = Number(process.argv[2] ?? 1000);
  const chosen = process.argv[3];
  const named = OPERATIONS.filter((operation) => chosen === undefined || operation.name === chosen);
  const operations: Operation[] =
    named.length > 0 || chosen === undefined ? named : [{ name: 'query', description: 'from the command line', query: chosen, baseline: async () => null }];
  const dbPath = await generateDataset(`data/bench-${scale}.db`, scale);
  // Without its cursor (the bench asks the API for it), the deep page explains as a first page.
  const withVariables = operations.map((operation) => ({ operation, variables: operation.variables ?? {} }));
  for (const [name, statements] of await explainOperations(dbPath, withVariables)) {
    for (const statement of statements) console.log(`-- ${name}\n${statement.sql}\n${statement.plan.map((line) => `   ${line}`).join('\n')}\n`);
  }
}
