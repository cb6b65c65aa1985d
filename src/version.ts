/**
 * What is running: the package version, the schema version (see schema/CHANGELOG.md) and a hash of
 * the exact schema, equal to the SHA-256 of schema/schema.graphql. Served by `GET /version` and
 * `Query.apiVersion`.
 */
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { name, version } from '../package.json';
import { sha256Hex } from './db/hash';

/** Bumped with every schema release; schema/CHANGELOG.md has one section per version. */
export const SCHEMA_VERSION = '1.1.0';

export interface VersionInfo {
  name: string;
  version: string;
  schemaVersion: string;
  /** SHA-256 (hex) of the printed schema, byte for byte schema/schema.graphql. */
  schemaHash: string;
}

const hashes = new WeakMap<GraphQLSchema, Promise<string>>();

/** The schema as `npm run schema:print` writes it: sorted, so the file diffs well. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export function versionInfo(schema: GraphQLSchema): Promise<VersionInfo> {
  let hash = hashes.get(schema);
  if (!hash) {
    // The same text `npm run schema:print` writes.
    hash = sha256Hex(printSortedSchema(schema));
    hashes.set(schema, hash);
  }
  return hash.then((schemaHash) => ({ name, version, schemaVersion: SCHEMA_VERSION, schemaHash }));
}
