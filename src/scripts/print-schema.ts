/** Writes schema/schema.graphql from the code-first schema (sorted), or checks it with --check. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schema } from '../graphql/index';
import { printSortedSchema } from '../version';

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));
const printed = printSortedSchema(schema);

if (process.argv.includes('--check')) {
  const current = readFileSync(SCHEMA_FILE, 'utf8');
  if (current !== printed) {
    console.error('schema/schema.graphql is stale: run `npm run schema:print`.');
    process.exit(1);
  }
  console.log('schema/schema.graphql is up to date.');
} else {
  writeFileSync(SCHEMA_FILE, printed);
  console.log(`Wrote ${SCHEMA_FILE}`);
}
