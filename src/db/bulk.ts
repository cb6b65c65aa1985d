/**
 * Many rows written through one prepared statement. `@libsql/client` prepares a statement for
 * every call, and the embedded driver keeps what each such statement bound: written that way, the
 * search index's catch-up after an import of 45k records with long texts left the process ~400 MB
 * larger for good. An embedded database registers a writer that prepares once on a connection of
 * its own (src/db/client.ts); any other database sends each call's rows through its client, in
 * one batch.
 */
import type { Database } from './client';

type Value = string | number | null;

export interface BulkWriter {
  /** One statement (positional `?` parameters) to run for many rows: each `run` is one transaction. */
  open(statement: string): { run(rows: readonly (readonly Value[])[]): Promise<void>; close(): void };
}

const writers = new WeakMap<object, BulkWriter>();

export function registerBulkWriter(db: object, writer: BulkWriter): void {
  writers.set(db, writer);
}

/** The database's own bulk writer, else one that sends each call's rows through its client in one batch. */
export function bulkWriterOf(db: Pick<Database, '$client'>): BulkWriter {
  return (
    writers.get(db) ?? {
      open: (statement) => ({
        async run(rows) {
          if (rows.length > 0) await db.$client.batch(rows.map((args) => ({ sql: statement, args: [...args] })), 'write');
        },
        close() {},
      }),
    }
  );
}
