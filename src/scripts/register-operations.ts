/**
 * Registers the trusted operations of a client build:
 *
 *   npm run operations:register -- <client-name> <manifest.json> [more manifests…]
 *
 * A manifest maps SHA-256 hashes to documents, as graphql-codegen's persisted documents
 * (`gql/persisted-documents.json`) and relay-compiler's persisted queries write it. Every document
 * must hash to its key and validate against the current schema; nothing is stored otherwise.
 * Writes to LIBSQL_URL (Turso in production) or the embedded default database.
 */
import { readFileSync } from 'node:fs';
import { parse, validate } from 'graphql';
import { configOrExit, readConfig } from '../config';
import { openNodeDatabase } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { registerTrustedDocuments } from '../db/trusted-documents';
import { schema } from '../graphql/index';

const [client, ...files] = process.argv.slice(2);
if (!client || files.length === 0) {
  console.error('usage: npm run operations:register -- <client-name> <manifest.json> [more manifests…]');
  process.exit(2);
}

const manifest: Record<string, string> = {};
const problems: string[] = [];
for (const file of files) {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [hash, document] of Object.entries(entries)) {
    if (typeof document !== 'string') {
      problems.push(`${file}: ${hash}: the value is not a document.`);
      continue;
    }
    try {
      const errors = validate(schema, parse(document));
      for (const error of errors) problems.push(`${file}: ${hash}: ${error.message}`);
    } catch (error) {
      problems.push(`${file}: ${hash}: ${(error as Error).message}`);
    }
    manifest[hash] = document;
  }
}
if (problems.length > 0) {
  console.error(`Nothing registered; the manifest does not fit this schema:\n${problems.join('\n')}`);
  process.exit(1);
}

const config = configOrExit(readConfig);
const db = openNodeDatabase({ url: config.LIBSQL_URL, authToken: config.LIBSQL_AUTH_TOKEN, timeoutMs: config.DATABASE_TIMEOUT_MS });
await migrateDatabase(db);
const result = await registerTrustedDocuments(db, client, manifest);
console.log(`${client}: ${result.added} operations registered, ${result.known} already known.`);
db.$client.close();
