/**
 * Synthetic data for the benchmark: the real seed plus `count` cooperation records cloned from the
 * seeded ones (titles numbered), each with two participants and its search-index entry, so lists,
 * filters, deep pages, search and aggregates all grow with the data set. Bench-only: it writes SQL
 * directly for speed and is never used by the API.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createNodeDatabase } from '../../db/client';
import { prepareCounters } from '../../db/counters';
import { migrateDatabase } from '../../db/migrate';
import { compactSearchIndex } from '../../db/search';
import { prepareDatabase } from '../../db/setup';
import { buildSkewed } from './skewed';

/**
 * The data set's shape: `uniform` (the default: records cloned from the seed's) or `skewed`
 * (src/scripts/bench/skewed.ts), chosen by BENCH_SHAPE for every bench script.
 */
export type BenchShape = 'uniform' | 'skewed';

export function benchShape(): BenchShape {
  const shape = process.env.BENCH_SHAPE ?? 'uniform';
  if (shape !== 'uniform' && shape !== 'skewed') throw new Error(`BENCH_SHAPE must be uniform or skewed, not ${shape}`);
  return shape;
}

/** The file of a shape: the uniform shape's name as given, another shape's with its name before the size. */
function shapedPath(path: string, shape: BenchShape): string {
  return shape === 'uniform' ? path : join(dirname(path), basename(path).replace(/^bench-/, `bench-${shape}-`));
}

/**
 * Creates (or reuses) a database file holding the seed plus `count` synthetic records of `shape`
 * (the file's name then says the shape, e.g. data/bench-skewed-1000.db). A reused
 * file first gets any migration (and counter definition) added since it was built, so it
 * measures the current schema.
 */
export async function generateDataset(requested: string, count: number, shape: BenchShape = benchShape()): Promise<string> {
  const path = shapedPath(requested, shape);
  if (existsSync(path)) {
    const existing = createNodeDatabase({ url: `file:${path}` });
    await migrateDatabase(existing);
    await prepareCounters(existing);
    // As an import leaves it (instant when done already).
    await compactSearchIndex(existing);
    existing.$client.close();
    return path;
  }
  mkdirSync(dirname(path), { recursive: true });
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const db = createNodeDatabase({ url: `file:${building}` });
  await prepareDatabase(db);
  const client = db.$client;
  if (shape === 'skewed') await buildSkewed(client, count);
  else await client.batch(
    [
      `CREATE TEMP TABLE templates AS
         SELECT id AS template_id, row_number() OVER (ORDER BY id) - 1 AS k
         FROM records WHERE archived_at IS NULL AND parent_id IS NULL`,
      {
        sql: `CREATE TEMP TABLE synth AS
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                SELECT i, (SELECT template_id FROM templates WHERE k = i % (SELECT count(*) FROM templates)) AS template_id FROM n`,
        args: [count],
      },
      `INSERT INTO records (slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en,
         summary_zh_hant, summary_zh_hans, summary_en, location_zh_hant, location_zh_hans, location_en,
         starts_on, ends_on, date_precision, year, target_id)
       SELECT 'synthetic-' || s.i, r.kind, r.status, r.pillar,
         r.title_zh_hant || ' #' || s.i, r.title_zh_hans || ' #' || s.i, r.title_en || ' #' || s.i,
         r.summary_zh_hant, r.summary_zh_hans, r.summary_en, r.location_zh_hant, r.location_zh_hans, r.location_en,
         r.starts_on, r.ends_on, r.date_precision, r.year, r.target_id
       FROM synth s JOIN records r ON r.id = s.template_id ORDER BY s.i`,
      `INSERT OR IGNORE INTO participants (record_id, institution_id, role)
       SELECT r.id, i.id, roles.role
       FROM records r
       JOIN (SELECT 0 AS n, 'HOST' AS role UNION ALL SELECT 1, 'PARTNER') roles
       JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM institutions) i
         ON i.k = (r.id * (roles.n * 6 + 1)) % (SELECT count(*) FROM institutions)
       WHERE r.slug LIKE 'synthetic-%'`,
      `INSERT INTO search_index (entity_type, entity_id, title, body, unigrams)
       SELECT 'CooperationRecord', r.id, x.title, x.body, x.unigrams
       FROM synth s
       JOIN records r ON r.slug = 'synthetic-' || s.i
       JOIN search_index x ON x.entity_type = 'CooperationRecord' AND x.entity_id = s.template_id`,
      'DROP TABLE temp.synth',
      'DROP TABLE temp.templates',
    ],
    'write',
  );
  await compactSearchIndex(db);
  await client.execute('VACUUM');
  client.close();
  renameSync(building, path);
  return path;
}

// `BENCH_SHAPE=skewed npx tsx src/scripts/bench/generate.ts 1000 100000` builds (or brings up to date) those data sets.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const count of process.argv.slice(2).map(Number)) {
    const started = Date.now();
    console.log(`${await generateDataset(`data/bench-${count}.db`, count)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}
