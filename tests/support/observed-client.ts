/** A libSQL client that tells a test each statement it runs, with its result, as it returns. */
import type { Client, InStatement, ResultSet, TransactionMode } from '@libsql/client';

export const sqlOf = (statement: InStatement): string => (typeof statement === 'string' ? statement : statement.sql);

/** The client, calling `observe` for every statement of `execute` and `batch` once it has run. */
export function observedClient(client: Client, observe: (statement: InStatement, result: ResultSet) => void): Client {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'execute') {
        return async (statement: InStatement) => {
          const result = await target.execute(statement);
          observe(statement, result);
          return result;
        };
      }
      if (property === 'batch') {
        return async (statements: InStatement[], mode?: TransactionMode) => {
          const results = await target.batch(statements, mode);
          statements.forEach((statement, index) => observe(statement, results[index]!));
          return results;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
