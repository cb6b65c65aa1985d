/**
 * The offline example: syncs the base's data into an embedded libSQL file and prints what changed.
 * Run it, go offline (stop the API, or disconnect), write through the API from elsewhere, and run
 * it again: the second run applies only the changes.
 *
 *   npm start                                          # the API on http://localhost:4000/graphql
 *   npm run operations:register -- offline-example examples/offline/gql/persisted-documents.json
 *   npm run example:offline                            # or: API_URL=… STORE=… npm run example:offline
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeSync, LocalStore, OfflineClient } from './client';

async function main(): Promise<void> {
  const path = process.env.STORE ?? 'data/offline-example.db';
  mkdirSync(dirname(path), { recursive: true });
  const store = await LocalStore.open(path);
  try {
    const client = new OfflineClient({ url: process.env.API_URL ?? 'http://localhost:4000/graphql', store, locale: 'ZH_HANS' });
    const report = await client.sync();
    const lines = describeSync(report);
    console.log(lines.slice(0, 41).join('\n'));
    if (lines.length > 41) console.log(`… and ${lines.length - 41} more`);
    console.log(`${(await store.all()).length} objects in ${path}`);
  } finally {
    store.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
