/**
 * Applies the seed catalogue to a database, entity by entity in the registry's seed order (each
 * entity by the generic seeding in entity-rows.ts and its seeder, if any, in seeders/). Idempotent: rows are keyed by slug and inserted only
 * when missing, so a second run (or a run over edited data) adds nothing and never touches a row
 * someone has edited. Links (citations, members, participants, tracks, fields) are written only for
 * rows this run created.
 *
 * When the seed version changes, two corrections run on an existing database (see
 * `correctExistingData`): seed rows nobody has edited (still at version 1) take the catalogue's
 * current values and citations, and every Traditional text is re-derived from its Simplified text.
 */
import { eq, sql } from 'drizzle-orm';
import { readScriptPairs } from '../audit';
import type { Database } from '../client';
import { appMeta, citations } from '../schema';
import { rebuildSearchIndex } from '../search';
import { toSimplified, toTraditional } from '../text';
import { catalogue as defaultCatalogue, seedEntries, type SeedCatalogue } from './catalogue';
import { seedDisagreements } from './disagreements';
import { citationRows, idsBySlug, insertEntries, insertLinks, refreshEntries, setDeferredReferences, type Created } from './entity-rows';
import { seedPhotos } from './photos';
import { SEEDED_TYPES, type Resolve, type SeededType } from './seeder';
import { seederOf } from './seeders';
import { refreshSources, seedSources } from './sources';

/**
 * Bump when the catalogue changes, so existing databases receive new entities and corrections on
 * next start. 3: standard Traditional text, citation bases, fields, disagreements, unknown units.
 */
export const SEED_VERSION = '3';
const SEED_VERSION_KEY = 'seed_version';

export interface SeedResult {
  applied: boolean;
  created: number;
  /** Seed rows (never edited) brought up to the catalogue's current values. */
  updated?: number;
  /** Traditional texts re-derived from their Simplified text. */
  textsCorrected?: number;
}

export async function seedDatabase(db: Database, catalogue: SeedCatalogue = defaultCatalogue): Promise<SeedResult> {
  const [current] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, SEED_VERSION_KEY));
  if (current?.value === SEED_VERSION) return { applied: false, created: 0 };

  let created = 0;
  let updated = 0;
  let textsCorrected = 0;
  await db.transaction(async (tx) => {
    const { citationSource, articleId } = await seedSources(tx, catalogue);

    // Every row of each type written so far, by slug, for the references of later ones.
    const ids = new Map<SeededType, Map<string, number>>();
    const resolve: Resolve = (type, slug) => {
      const id = ids.get(type)?.get(slug);
      if (id === undefined) throw new Error(`Seed refers to unknown ${type} "${slug}"`);
      return id;
    };
    const createdByType = new Map<SeededType, Created[]>();
    for (const type of SEEDED_TYPES) {
      const seeder = seederOf(type);
      const fresh = await insertEntries(tx, type, seeder, seedEntries(catalogue, type), resolve);
      ids.set(type, await idsBySlug(tx, type));
      await setDeferredReferences(tx, type, seeder, fresh, resolve);
      await insertLinks(tx, seeder, fresh, resolve);
      createdByType.set(type, fresh);
      created += fresh.length;
    }
    await seedPhotos(tx, catalogue, resolve, articleId);
    await seedDisagreements(tx, catalogue, resolve, citationSource);

    // Provenance for every row this run created.
    const cited = SEEDED_TYPES.flatMap((type) => citationRows(type, createdByType.get(type) ?? [], citationSource));
    if (cited.length > 0) await tx.insert(citations).values(cited as never);

    // An existing database: bring untouched seed rows up to date, then standardise Traditional text.
    if (current !== undefined) {
      const createdSlugs = new Set([...createdByType.values()].flat().map(({ item }) => item.slug));
      await refreshSources(tx, catalogue, createdSlugs);
      for (const type of SEEDED_TYPES) {
        updated += await refreshEntries(tx, type, seederOf(type), seedEntries(catalogue, type), createdSlugs, resolve, citationSource);
      }
    }
    textsCorrected = await standardiseTraditionalText(tx);

    await rebuildSearchIndex(tx);
    await tx
      .insert(appMeta)
      .values({ key: SEED_VERSION_KEY, value: SEED_VERSION })
      .onConflictDoUpdate({ target: appMeta.key, set: { value: SEED_VERSION } });
  });
  return { applied: true, created, updated, textsCorrected };
}

/**
 * Re-derives every Traditional text from its Simplified text (deriving Simplified first where only
 * Traditional is stored), in every table. Traditional text is never an independent choice in this
 * data set, so this also repairs rows written before the converter learnt a phrase. Returns the
 * number of texts changed.
 */
export async function standardiseTraditionalText(tx: Pick<Database, 'all' | 'run'>): Promise<number> {
  let changed = 0;
  for (const pair of await readScriptPairs(tx)) {
    if (pair.zhHant === null && pair.zhHans === null) continue;
    const zhHans = pair.zhHans ?? toSimplified(pair.zhHant!);
    const zhHant = toTraditional(zhHans);
    if (zhHant === pair.zhHant && zhHans === pair.zhHans) continue;
    await tx.run(
      sql`UPDATE ${sql.identifier(pair.table)} SET ${sql.identifier(`${pair.attribute}_zh_hant`)} = ${zhHant}, ${sql.identifier(`${pair.attribute}_zh_hans`)} = ${zhHans} WHERE rowid = ${pair.rowid}`,
    );
    changed += 1;
  }
  return changed;
}
