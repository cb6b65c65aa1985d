/**
 * Applies the seed catalogue to a database. Idempotent: rows are keyed by slug and inserted only
 * when missing, so a second run (or a run over edited data) adds nothing and never touches a row
 * someone has edited. Links (citations, members, participants, tracks, fields) are written only for
 * rows this run created.
 *
 * When the seed version changes, two corrections run on an existing database (see
 * `correctExistingData`): seed rows nobody has edited (still at version 1) take the catalogue's
 * current values and citations, and every Traditional text is re-derived from its Simplified text.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { readScriptPairs } from '../audit';
import type { Database } from '../client';
import * as schema from '../schema';
import { rebuildSearchIndex } from '../search';
import { toSimplified, toTraditional } from '../text';
import { catalogue as defaultCatalogue } from './catalogue';
import type { Field } from '../enums';
import type { SeedCatalogue, SeedCitation, SeedText } from './types';

/**
 * Bump when the catalogue changes, so existing databases receive new entities and corrections on
 * next start. 3: standard Traditional text, citation bases, fields, disagreements, unknown units.
 */
export const SEED_VERSION = '3';
const SEED_VERSION_KEY = 'seed_version';
const ARTICLE_SOURCE_KIND = 'NEWS_REPORT';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

type LocalizedColumns<P extends string> = Record<`${P}ZhHant` | `${P}ZhHans` | `${P}En`, string>;

/** Expands Simplified + English into the three stored scripts; Traditional is derived. */
export function localizedColumns<P extends string>(property: P, text: SeedText): LocalizedColumns<P> {
  return {
    [`${property}ZhHant`]: toTraditional(text.zhHans),
    [`${property}ZhHans`]: text.zhHans,
    [`${property}En`]: text.en,
  } as LocalizedColumns<P>;
}

/** As `localizedColumns`, or three nulls (so an update clears what the catalogue no longer says). */
function optionalLocalizedColumns<P extends string>(property: P, text: SeedText | undefined) {
  return text
    ? localizedColumns(property, text)
    : ({ [`${property}ZhHant`]: null, [`${property}ZhHans`]: null, [`${property}En`]: null } as Record<
        `${P}ZhHant` | `${P}ZhHans` | `${P}En`,
        null
      >);
}

function lookup(map: Map<string, number>, slug: string, what: string): number {
  const id = map.get(slug);
  if (id === undefined) throw new Error(`Seed refers to unknown ${what} "${slug}"`);
  return id;
}

type SluggedTable =
  | typeof schema.indicators
  | typeof schema.sources
  | typeof schema.institutions
  | typeof schema.planTargets
  | typeof schema.records;

async function idsBySlug(tx: Transaction, table: SluggedTable): Promise<Map<string, number>> {
  const rows = await tx.select({ id: table.id, slug: table.slug }).from(table as typeof schema.sources);
  return new Map(rows.map((row) => [row.slug, row.id]));
}

export interface SeedResult {
  applied: boolean;
  created: number;
  /** Seed rows (never edited) brought up to the catalogue's current values. */
  updated?: number;
  /** Traditional texts re-derived from their Simplified text. */
  textsCorrected?: number;
}

/** The ids the value builders below resolve slugs to. */
interface Lookups {
  institutions: Map<string, number>;
  targets: Map<string, number>;
  records: Map<string, number>;
}

const institutionValues = (institution: SeedCatalogue['institutions'][number]) => ({
  slug: institution.slug,
  type: institution.type,
  ...localizedColumns('name', institution.name),
  acronym: institution.acronym ?? null,
  countryCode: institution.country ?? null,
  website: institution.website ?? null,
  ...optionalLocalizedColumns('description', institution.description),
});

const planTargetValues = (target: SeedCatalogue['planTargets'][number]) => ({
  slug: target.slug,
  year: target.year,
  pillar: target.pillar,
  subject: target.subject,
  ...localizedColumns('title', target.title),
  ...optionalLocalizedColumns('description', target.description),
  targetMin: target.targetMin,
  targetMax: target.targetMax ?? null,
  reportedAchieved: target.reportedAchieved ?? null,
  reportedAchievedOn: target.reportedAchievedOn ?? null,
});

const branchCentreValues = (centre: SeedCatalogue['branchCentres'][number], ids: Lookups) => ({
  slug: centre.slug,
  kind: centre.kind,
  status: centre.status,
  ...localizedColumns('name', centre.name),
  ...optionalLocalizedColumns('description', centre.description),
  hostInstitutionId: centre.host ? lookup(ids.institutions, centre.host, 'institution') : null,
  targetId: centre.target ? lookup(ids.targets, centre.target, 'plan target') : null,
  field: centre.field ?? null,
  plannedYear: centre.plannedYear ?? null,
  launchedOn: centre.launchedOn ?? null,
});

const networkValues = (network: SeedCatalogue['networks'][number]) => ({
  slug: network.slug,
  kind: network.kind,
  status: network.status,
  pillar: network.pillar,
  ...localizedColumns('name', network.name),
  ...optionalLocalizedColumns('description', network.description),
  establishedOn: network.establishedOn ?? null,
  membershipIncomplete: network.membershipIncomplete,
});

const recordValues = (record: SeedCatalogue['records'][number], ids: Lookups) => ({
  slug: record.slug,
  kind: record.kind,
  status: record.status,
  pillar: record.pillar,
  ...localizedColumns('title', record.title),
  ...optionalLocalizedColumns('summary', record.summary),
  ...optionalLocalizedColumns('location', record.location),
  startsOn: record.startsOn ?? null,
  endsOn: record.endsOn ?? null,
  datePrecision: record.datePrecision ?? null,
  year: record.year ?? null,
  targetId: record.target ? lookup(ids.targets, record.target, 'plan target') : null,
});

const indicatorValues = (indicator: SeedCatalogue['indicators'][number], ids: Lookups) => ({
  slug: indicator.slug,
  pillar: indicator.pillar,
  ...localizedColumns('name', indicator.name),
  value: indicator.value ?? null,
  unit: indicator.unit ?? null,
  qualifier: indicator.qualifier ?? 'EXACT',
  changePercent: indicator.changePercent ?? null,
  periodStart: indicator.periodStart ?? null,
  periodEnd: indicator.periodEnd ?? null,
  year: indicator.year ?? null,
  recordId: indicator.record ? lookup(ids.records, indicator.record, 'record') : null,
  institutionId: indicator.institution ? lookup(ids.institutions, indicator.institution, 'institution') : null,
});

export async function seedDatabase(
  db: Database,
  catalogue: SeedCatalogue = defaultCatalogue,
): Promise<SeedResult> {
  const [current] = await db
    .select({ value: schema.appMeta.value })
    .from(schema.appMeta)
    .where(eq(schema.appMeta.key, SEED_VERSION_KEY));
  if (current?.value === SEED_VERSION) return { applied: false, created: 0 };

  let created = 0;
  let updated = 0;
  let textsCorrected = 0;
  await db.transaction(async (tx) => {
    const count = (rows: unknown[]) => {
      created += rows.length;
      return rows as { id: number; slug: string }[];
    };

    // Sources and countries.
    if (catalogue.sources.length > 0) {
      await tx
        .insert(schema.sources)
        .values(
          catalogue.sources.map((source) => ({
            slug: source.slug,
            kind: source.kind,
            ...localizedColumns('title', source.title),
            publisher: source.publisher,
            url: source.url,
            publishedOn: source.publishedOn,
            line: source.line,
          })),
        )
        .onConflictDoNothing();
    }
    const sourceIds = await idsBySlug(tx, schema.sources);
    const [article] = await tx
      .select({ id: schema.sources.id })
      .from(schema.sources)
      .where(eq(schema.sources.kind, ARTICLE_SOURCE_KIND));
    const articleId = () => article?.id ?? lookup(sourceIds, '', 'news report');
    const citationSource = (citation: SeedCitation) => ({
      ...('article' in citation
        ? { sourceId: articleId(), paragraph: citation.article }
        : { sourceId: lookup(sourceIds, citation.source, 'source'), paragraph: null }),
      basis: citation.basis ?? 'SOURCE_STATES',
      ...optionalLocalizedColumns('note', citation.note),
    });

    if (catalogue.countries.length > 0) {
      await tx
        .insert(schema.countries)
        .values(
          catalogue.countries.map((country) => ({
            code: country.code,
            ...localizedColumns('name', country.name),
            bricsMember: country.bricsMember,
          })),
        )
        .onConflictDoNothing();
    }

    // Institutions first without parents, then parents once every id is known.
    const newInstitutions = count(
      await tx
        .insert(schema.institutions)
        .values(catalogue.institutions.map(institutionValues))
        .onConflictDoNothing()
        .returning({ id: schema.institutions.id, slug: schema.institutions.slug }),
    );
    const ids: Lookups = {
      institutions: await idsBySlug(tx, schema.institutions),
      targets: new Map(),
      records: new Map(),
    };
    const createdInstitutions = new Set(newInstitutions.map((row) => row.slug));
    for (const institution of catalogue.institutions) {
      if (!institution.parent || !createdInstitutions.has(institution.slug)) continue;
      await tx
        .update(schema.institutions)
        .set({ parentId: lookup(ids.institutions, institution.parent, 'institution') })
        .where(eq(schema.institutions.slug, institution.slug));
    }

    const newTargets = count(
      catalogue.planTargets.length === 0
        ? []
        : await tx
            .insert(schema.planTargets)
            .values(catalogue.planTargets.map(planTargetValues))
            .onConflictDoNothing()
            .returning({ id: schema.planTargets.id, slug: schema.planTargets.slug }),
    );
    ids.targets = await idsBySlug(tx, schema.planTargets);
    const targetFieldRows = fieldRowsFor(catalogue.planTargets, newTargets, 'planTargetId');
    if (targetFieldRows.length > 0) await tx.insert(schema.planTargetFields).values(targetFieldRows);

    const newBranchCentres = count(
      catalogue.branchCentres.length === 0
        ? []
        : await tx
            .insert(schema.branchCentres)
            .values(catalogue.branchCentres.map((centre) => branchCentreValues(centre, ids)))
            .onConflictDoNothing()
            .returning({ id: schema.branchCentres.id, slug: schema.branchCentres.slug }),
    );

    const newNetworks = count(
      catalogue.networks.length === 0
        ? []
        : await tx
            .insert(schema.networks)
            .values(catalogue.networks.map(networkValues))
            .onConflictDoNothing()
            .returning({ id: schema.networks.id, slug: schema.networks.slug }),
    );
    const createdNetworks = new Map(newNetworks.map((row) => [row.slug, row.id]));
    const memberRows = catalogue.networks.flatMap((network) => {
      const networkId = createdNetworks.get(network.slug);
      if (networkId === undefined) return [];
      return (network.members ?? []).map((member) => ({
        networkId,
        institutionId: lookup(ids.institutions, member.institution, 'institution'),
        role: member.role,
      }));
    });
    if (memberRows.length > 0) await tx.insert(schema.networkMembers).values(memberRows);

    // Records: parents may come later in the list, so link them in a second pass.
    const newRecords = count(
      catalogue.records.length === 0
        ? []
        : await tx
            .insert(schema.records)
            .values(catalogue.records.map((record) => recordValues(record, ids)))
            .onConflictDoNothing()
            .returning({ id: schema.records.id, slug: schema.records.slug }),
    );
    ids.records = await idsBySlug(tx, schema.records);
    const createdRecords = new Map(newRecords.map((row) => [row.slug, row.id]));
    for (const record of catalogue.records) {
      const recordId = createdRecords.get(record.slug);
      if (recordId === undefined) continue;
      if (record.parent) {
        await tx
          .update(schema.records)
          .set({ parentId: lookup(ids.records, record.parent, 'record') })
          .where(eq(schema.records.id, recordId));
      }
    }
    const createdRecordId = (slug: string) => createdRecords.get(slug);
    const trackRows = catalogue.records.flatMap((record) => {
      const recordId = createdRecordId(record.slug);
      return recordId === undefined
        ? []
        : (record.tracks ?? []).map((track, position) => ({
            recordId,
            position: position + 1,
            ...localizedColumns('name', track.name),
            field: track.field,
          }));
    });
    if (trackRows.length > 0) await tx.insert(schema.recordTracks).values(trackRows);
    const fieldRows = fieldRowsFor(catalogue.records, newRecords, 'recordId');
    if (fieldRows.length > 0) await tx.insert(schema.recordFields).values(fieldRows);
    const countryRows = catalogue.records.flatMap((record) => {
      const recordId = createdRecordId(record.slug);
      return recordId === undefined
        ? []
        : (record.countries ?? []).map((countryCode) => ({ recordId, countryCode }));
    });
    if (countryRows.length > 0) await tx.insert(schema.recordCountries).values(countryRows);
    const participantRows = catalogue.records.flatMap((record) => {
      const recordId = createdRecordId(record.slug);
      return recordId === undefined
        ? []
        : (record.participants ?? []).map((participant) => ({
            recordId,
            institutionId: lookup(ids.institutions, participant.institution, 'institution'),
            role: participant.role,
          }));
    });
    if (participantRows.length > 0) await tx.insert(schema.participants).values(participantRows);

    const newIndicators = count(
      catalogue.indicators.length === 0
        ? []
        : await tx
            .insert(schema.indicators)
            .values(catalogue.indicators.map((indicator) => indicatorValues(indicator, ids)))
            .onConflictDoNothing()
            .returning({ id: schema.indicators.id, slug: schema.indicators.slug }),
    );
    const indicatorFieldRows = fieldRowsFor(catalogue.indicators, newIndicators, 'indicatorId');
    if (indicatorFieldRows.length > 0) await tx.insert(schema.indicatorFields).values(indicatorFieldRows);

    const indicatorIds = await idsBySlug(tx, schema.indicators);
    if (catalogue.photos.length > 0) {
      await tx
        .insert(schema.photos)
        .values(
          catalogue.photos.map((photo) => ({
            slug: photo.slug,
            ...localizedColumns('caption', photo.caption),
            ...optionalLocalizedColumns('photographer', photo.photographer),
            ...optionalLocalizedColumns('credit', photo.credit),
            archivePhoto: photo.archivePhoto ?? false,
            sourceId: articleId(),
            paragraph: photo.paragraph,
            recordId: photo.record ? lookup(ids.records, photo.record, 'record') : null,
            institutionId: photo.institution ? lookup(ids.institutions, photo.institution, 'institution') : null,
            indicatorId: photo.indicator ? lookup(indicatorIds, photo.indicator, 'indicator') : null,
          })),
        )
        .onConflictDoNothing();
    }

    // Disagreements between sources, each claim with its own source.
    const newDisagreements =
      catalogue.disagreements.length === 0
        ? []
        : await tx
            .insert(schema.sourceDisagreements)
            .values(
              catalogue.disagreements.map((disagreement) => ({
                slug: disagreement.slug,
                ...localizedColumns('topic', disagreement.topic),
                recordId: disagreement.record ? lookup(ids.records, disagreement.record, 'record') : null,
                indicatorId: disagreement.indicator ? lookup(indicatorIds, disagreement.indicator, 'indicator') : null,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: schema.sourceDisagreements.id, slug: schema.sourceDisagreements.slug });
    const createdDisagreements = new Map(newDisagreements.map((row) => [row.slug, row.id]));
    const claimRows = catalogue.disagreements.flatMap((disagreement) => {
      const disagreementId = createdDisagreements.get(disagreement.slug);
      return disagreementId === undefined
        ? []
        : disagreement.claims.map((claim, index) => {
            const { sourceId, paragraph } = citationSource(claim.citation);
            return { disagreementId, position: index + 1, ...localizedColumns('statement', claim.statement), sourceId, paragraph };
          });
    });
    if (claimRows.length > 0) await tx.insert(schema.disagreementClaims).values(claimRows);

    // Provenance for every row this run created.
    const citationRows = [
      ...citationsFor(catalogue.institutions, newInstitutions, 'institutionId'),
      ...citationsFor(catalogue.planTargets, newTargets, 'planTargetId'),
      ...citationsFor(catalogue.branchCentres, newBranchCentres, 'branchCentreId'),
      ...citationsFor(catalogue.networks, newNetworks, 'networkId'),
      ...citationsFor(catalogue.records, newRecords, 'recordId'),
      ...citationsFor(catalogue.indicators, newIndicators, 'indicatorId'),
    ].map(({ citation, ...subject }) => ({ ...subject, ...citationSource(citation) }));
    if (citationRows.length > 0) await tx.insert(schema.citations).values(citationRows);

    // An existing database: bring untouched seed rows up to date, then standardise Traditional text.
    if (current !== undefined) {
      const createdSlugs = new Set(
        [newInstitutions, newTargets, newBranchCentres, newNetworks, newRecords, newIndicators].flat().map((row) => row.slug),
      );
      updated = await refreshUntouchedRows(tx, catalogue, ids, createdSlugs, citationSource);
    }
    textsCorrected = await standardiseTraditionalText(tx);

    await rebuildSearchIndex(tx);
    await tx
      .insert(schema.appMeta)
      .values({ key: SEED_VERSION_KEY, value: SEED_VERSION })
      .onConflictDoUpdate({ target: schema.appMeta.key, set: { value: SEED_VERSION } });
  });
  return { applied: true, created, updated, textsCorrected };
}

type CitationColumns = ReturnType<typeof optionalLocalizedColumns<'note'>> & {
  sourceId: number;
  paragraph: number | null;
  basis: 'SOURCE_STATES' | 'INFERRED';
};

/**
 * Seed rows that no one has edited (version 1: never updated, archived or restored) take the
 * catalogue's current values, citations and fields, so a corrected claim reaches databases seeded
 * before the correction. Rows someone has edited are left alone. Returns how many rows changed.
 */
async function refreshUntouchedRows(
  tx: Transaction,
  catalogue: SeedCatalogue,
  ids: Lookups,
  createdSlugs: Set<string>,
  citationSource: (citation: SeedCitation) => CitationColumns,
): Promise<number> {
  let changed = 0;
  const untouched = async (table: SluggedTable | typeof schema.branchCentres | typeof schema.networks, slugs: string[]) => {
    const candidates = slugs.filter((slug) => !createdSlugs.has(slug));
    if (candidates.length === 0) return new Map<string, number>();
    const t = table as typeof schema.institutions;
    const rows = await tx
      .select({ id: t.id, slug: t.slug })
      .from(t)
      .where(and(inArray(t.slug, candidates), eq(t.version, 1)));
    return new Map(rows.map((row) => [row.slug, row.id]));
  };
  const replaceCitations = async (column: SubjectColumn, id: number, citations: SeedCitation[]) => {
    await tx.delete(schema.citations).where(eq(schema.citations[column], id));
    await tx.insert(schema.citations).values(citations.map((citation) => ({ [column]: id, ...citationSource(citation) })));
  };

  // Sources this run inserted are at version 1 too; refreshing them writes the same values.
  const sources = await untouched(schema.sources, catalogue.sources.map((item) => item.slug));
  for (const item of catalogue.sources) {
    const id = sources.get(item.slug);
    if (id === undefined) continue;
    await tx
      .update(schema.sources)
      .set({
        kind: item.kind,
        ...localizedColumns('title', item.title),
        publisher: item.publisher ?? null,
        url: item.url ?? null,
        publishedOn: item.publishedOn ?? null,
        line: item.line ?? null,
      })
      .where(eq(schema.sources.id, id));
  }

  const institutions = await untouched(schema.institutions, catalogue.institutions.map((item) => item.slug));
  for (const item of catalogue.institutions) {
    const id = institutions.get(item.slug);
    if (id === undefined) continue;
    await tx.update(schema.institutions).set(institutionValues(item)).where(eq(schema.institutions.id, id));
    await replaceCitations('institutionId', id, item.citations);
    changed += 1;
  }
  const targets = await untouched(schema.planTargets, catalogue.planTargets.map((item) => item.slug));
  for (const item of catalogue.planTargets) {
    const id = targets.get(item.slug);
    if (id === undefined) continue;
    await tx.update(schema.planTargets).set(planTargetValues(item)).where(eq(schema.planTargets.id, id));
    await replaceCitations('planTargetId', id, item.citations);
    await tx.delete(schema.planTargetFields).where(eq(schema.planTargetFields.planTargetId, id));
    if (item.fields?.length) await tx.insert(schema.planTargetFields).values(item.fields.map((field) => ({ planTargetId: id, field })));
    changed += 1;
  }
  const centres = await untouched(schema.branchCentres, catalogue.branchCentres.map((item) => item.slug));
  for (const item of catalogue.branchCentres) {
    const id = centres.get(item.slug);
    if (id === undefined) continue;
    await tx.update(schema.branchCentres).set(branchCentreValues(item, ids)).where(eq(schema.branchCentres.id, id));
    await replaceCitations('branchCentreId', id, item.citations);
    changed += 1;
  }
  const networks = await untouched(schema.networks, catalogue.networks.map((item) => item.slug));
  for (const item of catalogue.networks) {
    const id = networks.get(item.slug);
    if (id === undefined) continue;
    await tx.update(schema.networks).set(networkValues(item)).where(eq(schema.networks.id, id));
    await replaceCitations('networkId', id, item.citations);
    changed += 1;
  }
  const records = await untouched(schema.records, catalogue.records.map((item) => item.slug));
  for (const item of catalogue.records) {
    const id = records.get(item.slug);
    if (id === undefined) continue;
    await tx.update(schema.records).set(recordValues(item, ids)).where(eq(schema.records.id, id));
    await replaceCitations('recordId', id, item.citations);
    await tx.delete(schema.recordFields).where(eq(schema.recordFields.recordId, id));
    if (item.fields?.length) await tx.insert(schema.recordFields).values(item.fields.map((field) => ({ recordId: id, field })));
    changed += 1;
  }
  const indicators = await untouched(schema.indicators, catalogue.indicators.map((item) => item.slug));
  for (const item of catalogue.indicators) {
    const id = indicators.get(item.slug);
    if (id === undefined) continue;
    await tx.update(schema.indicators).set(indicatorValues(item, ids)).where(eq(schema.indicators.id, id));
    await replaceCitations('indicatorId', id, item.citations);
    await tx.delete(schema.indicatorFields).where(eq(schema.indicatorFields.indicatorId, id));
    if (item.fields?.length) await tx.insert(schema.indicatorFields).values(item.fields.map((field) => ({ indicatorId: id, field })));
    changed += 1;
  }
  return changed;
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

type SubjectColumn =
  | 'institutionId'
  | 'planTargetId'
  | 'branchCentreId'
  | 'networkId'
  | 'recordId'
  | 'indicatorId';

function citationsFor(
  entries: { slug: string; citations: SeedCitation[] }[],
  createdRows: { id: number; slug: string }[],
  column: SubjectColumn,
) {
  const createdIds = new Map(createdRows.map((row) => [row.slug, row.id]));
  return entries.flatMap((entry) => {
    const id = createdIds.get(entry.slug);
    return id === undefined
      ? []
      : entry.citations.map((citation) => ({ [column]: id, citation }) as { citation: SeedCitation } & Partial<Record<SubjectColumn, number>>);
  });
}

/** Field links of the rows this run created. */
function fieldRowsFor<C extends 'recordId' | 'indicatorId' | 'planTargetId'>(
  entries: { slug: string; fields?: Field[] | undefined }[],
  createdRows: { id: number; slug: string }[],
  column: C,
): (Record<C, number> & { field: Field })[] {
  const createdIds = new Map(createdRows.map((row) => [row.slug, row.id]));
  return entries.flatMap((entry) => {
    const id = createdIds.get(entry.slug);
    return id === undefined ? [] : (entry.fields ?? []).map((field) => ({ [column]: id, field }) as Record<C, number> & { field: Field });
  });
}
