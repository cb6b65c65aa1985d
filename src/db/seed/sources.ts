/**
 * Seeding the sources and countries everything else refers to, and resolving a catalogue citation
 * to the source row it points to.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { countries, sources } from '../schema';
import type { SeedCatalogue } from './catalogue';
import { localizedColumns, optionalLocalizedColumns, type Transaction } from './seeder';
import type { SeedCitation } from './types';

const ARTICLE_SOURCE_KIND = 'NEWS_REPORT';

/** The source columns of a citation (or of a disagreement's claim). */
export type CitationSource = (citation: SeedCitation) => ReturnType<typeof optionalLocalizedColumns<'note'>> & {
  sourceId: number;
  paragraph: number | null;
  basis: 'SOURCE_STATES' | 'INFERRED';
};

const sourceValues = (source: SeedCatalogue['sources'][number]) => ({
  slug: source.slug,
  kind: source.kind,
  ...localizedColumns('title', source.title),
  publisher: source.publisher ?? null,
  url: source.url ?? null,
  publishedOn: source.publishedOn ?? null,
  line: source.line ?? null,
});

/** Inserts missing sources and countries; returns how citations resolve to sources. */
export async function seedSources(tx: Transaction, catalogue: SeedCatalogue): Promise<{ citationSource: CitationSource; articleId: () => number }> {
  if (catalogue.sources.length > 0) {
    await tx.insert(sources).values(catalogue.sources.map(sourceValues)).onConflictDoNothing();
  }
  const sourceRows = await tx.select({ id: sources.id, slug: sources.slug }).from(sources);
  const sourceIds = new Map(sourceRows.map((row) => [row.slug, row.id]));
  const [article] = await tx.select({ id: sources.id }).from(sources).where(eq(sources.kind, ARTICLE_SOURCE_KIND));
  const sourceId = (slug: string, what: string) => {
    const id = sourceIds.get(slug);
    if (id === undefined) throw new Error(`Seed refers to unknown ${what} "${slug}"`);
    return id;
  };
  const articleId = () => article?.id ?? sourceId('', 'news report');
  const citationSource: CitationSource = (citation) => ({
    ...('article' in citation
      ? { sourceId: articleId(), paragraph: citation.article }
      : { sourceId: sourceId(citation.source, 'source'), paragraph: null }),
    basis: citation.basis ?? 'SOURCE_STATES',
    ...optionalLocalizedColumns('note', citation.note),
  });

  if (catalogue.countries.length > 0) {
    await tx
      .insert(countries)
      .values(
        catalogue.countries.map((country) => ({
          code: country.code,
          ...localizedColumns('name', country.name),
          bricsMember: country.bricsMember,
        })),
      )
      .onConflictDoNothing();
  }
  return { citationSource, articleId };
}

/** Sources nobody has edited (version 1) take the catalogue's current values. */
export async function refreshSources(tx: Transaction, catalogue: SeedCatalogue, createdSlugs: ReadonlySet<string>): Promise<void> {
  // Sources this run inserted are at version 1 too; refreshing them writes the same values.
  const candidates = catalogue.sources.map((item) => item.slug).filter((slug) => !createdSlugs.has(slug));
  if (candidates.length === 0) return;
  const rows = await tx
    .select({ id: sources.id, slug: sources.slug })
    .from(sources)
    .where(and(inArray(sources.slug, candidates), eq(sources.version, 1)));
  const untouched = new Map(rows.map((row) => [row.slug, row.id]));
  for (const item of catalogue.sources) {
    const id = untouched.get(item.slug);
    if (id === undefined) continue;
    const { slug: _slug, ...values } = sourceValues(item);
    await tx.update(sources).set(values).where(eq(sources.id, id));
  }
}
