/**
 * Applies the seed catalogue to a database. Idempotent: rows are keyed by slug and inserted only
 * when missing, so a second run (or a run over edited data) adds nothing and overwrites nothing.
 * Links (citations, members, participants, tracks) are written only for rows this run created.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../client';
import * as schema from '../schema';
import { rebuildSearchIndex } from '../search';
import { toSimplified } from '../text';
import { catalogue as defaultCatalogue } from './catalogue';
import type { SeedCatalogue, SeedCitation, SeedText } from './types';

/** Bump when the catalogue gains entities, so existing databases receive them on next start. */
export const SEED_VERSION = '2';
const SEED_VERSION_KEY = 'seed_version';
const ARTICLE_SOURCE_KIND = 'NEWS_REPORT';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

type LocalizedColumns<P extends string> = Record<`${P}ZhHant` | `${P}ZhHans` | `${P}En`, string>;

/** Expands Traditional + English into the three stored scripts. */
export function localizedColumns<P extends string>(property: P, text: SeedText): LocalizedColumns<P> {
  return {
    [`${property}ZhHant`]: text.zhHant,
    [`${property}ZhHans`]: toSimplified(text.zhHant),
    [`${property}En`]: text.en,
  } as LocalizedColumns<P>;
}

function optionalLocalizedColumns<P extends string>(property: P, text: SeedText | undefined) {
  return text ? localizedColumns(property, text) : ({} as Partial<LocalizedColumns<P>>);
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
}

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
    const citationSource = (citation: SeedCitation) =>
      'article' in citation
        ? { sourceId: article?.id ?? lookup(sourceIds, '', 'news report'), paragraph: citation.article }
        : { sourceId: lookup(sourceIds, citation.source, 'source'), paragraph: null };

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
        .values(
          catalogue.institutions.map((institution) => ({
            slug: institution.slug,
            type: institution.type,
            ...localizedColumns('name', institution.name),
            acronym: institution.acronym,
            countryCode: institution.country,
            website: institution.website,
            ...optionalLocalizedColumns('description', institution.description),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: schema.institutions.id, slug: schema.institutions.slug }),
    );
    const institutionIds = await idsBySlug(tx, schema.institutions);
    const createdInstitutions = new Set(newInstitutions.map((row) => row.slug));
    for (const institution of catalogue.institutions) {
      if (!institution.parent || !createdInstitutions.has(institution.slug)) continue;
      await tx
        .update(schema.institutions)
        .set({ parentId: lookup(institutionIds, institution.parent, 'institution') })
        .where(eq(schema.institutions.slug, institution.slug));
    }

    const newTargets = count(
      catalogue.planTargets.length === 0
        ? []
        : await tx
            .insert(schema.planTargets)
            .values(
              catalogue.planTargets.map((target) => ({
                slug: target.slug,
                year: target.year,
                pillar: target.pillar,
                subject: target.subject,
                ...localizedColumns('title', target.title),
                ...optionalLocalizedColumns('description', target.description),
                targetMin: target.targetMin,
                targetMax: target.targetMax,
                reportedAchieved: target.reportedAchieved,
                reportedAchievedOn: target.reportedAchievedOn,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: schema.planTargets.id, slug: schema.planTargets.slug }),
    );
    const targetIds = await idsBySlug(tx, schema.planTargets);

    const newBranchCentres = count(
      catalogue.branchCentres.length === 0
        ? []
        : await tx
            .insert(schema.branchCentres)
            .values(
              catalogue.branchCentres.map((centre) => ({
                slug: centre.slug,
                kind: centre.kind,
                status: centre.status,
                ...localizedColumns('name', centre.name),
                ...optionalLocalizedColumns('description', centre.description),
                hostInstitutionId: centre.host ? lookup(institutionIds, centre.host, 'institution') : null,
                targetId: centre.target ? lookup(targetIds, centre.target, 'plan target') : null,
                field: centre.field,
                plannedYear: centre.plannedYear,
                launchedOn: centre.launchedOn,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: schema.branchCentres.id, slug: schema.branchCentres.slug }),
    );

    const newNetworks = count(
      catalogue.networks.length === 0
        ? []
        : await tx
            .insert(schema.networks)
            .values(
              catalogue.networks.map((network) => ({
                slug: network.slug,
                kind: network.kind,
                status: network.status,
                pillar: network.pillar,
                ...localizedColumns('name', network.name),
                ...optionalLocalizedColumns('description', network.description),
                establishedOn: network.establishedOn,
                membershipIncomplete: network.membershipIncomplete ?? false,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: schema.networks.id, slug: schema.networks.slug }),
    );
    const createdNetworks = new Map(newNetworks.map((row) => [row.slug, row.id]));
    const memberRows = catalogue.networks.flatMap((network) => {
      const networkId = createdNetworks.get(network.slug);
      if (networkId === undefined) return [];
      return (network.members ?? []).map((member) => ({
        networkId,
        institutionId: lookup(institutionIds, member.institution, 'institution'),
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
            .values(
              catalogue.records.map((record) => ({
                slug: record.slug,
                kind: record.kind,
                status: record.status,
                pillar: record.pillar,
                ...localizedColumns('title', record.title),
                ...optionalLocalizedColumns('summary', record.summary),
                ...optionalLocalizedColumns('location', record.location),
                startsOn: record.startsOn,
                endsOn: record.endsOn,
                datePrecision: record.datePrecision,
                year: record.year,
                targetId: record.target ? lookup(targetIds, record.target, 'plan target') : null,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: schema.records.id, slug: schema.records.slug }),
    );
    const recordIds = await idsBySlug(tx, schema.records);
    const createdRecords = new Map(newRecords.map((row) => [row.slug, row.id]));
    for (const record of catalogue.records) {
      const recordId = createdRecords.get(record.slug);
      if (recordId === undefined) continue;
      if (record.parent) {
        await tx
          .update(schema.records)
          .set({ parentId: lookup(recordIds, record.parent, 'record') })
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
    const fieldRows = catalogue.records.flatMap((record) => {
      const recordId = createdRecordId(record.slug);
      return recordId === undefined ? [] : (record.fields ?? []).map((field) => ({ recordId, field }));
    });
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
            institutionId: lookup(institutionIds, participant.institution, 'institution'),
            role: participant.role,
          }));
    });
    if (participantRows.length > 0) await tx.insert(schema.participants).values(participantRows);

    const newIndicators = count(
      catalogue.indicators.length === 0
        ? []
        : await tx
            .insert(schema.indicators)
            .values(
              catalogue.indicators.map((indicator) => ({
                slug: indicator.slug,
                pillar: indicator.pillar,
                ...localizedColumns('name', indicator.name),
                value: indicator.value,
                unit: indicator.unit,
                qualifier: indicator.qualifier ?? 'EXACT',
                changePercent: indicator.changePercent,
                periodStart: indicator.periodStart,
                periodEnd: indicator.periodEnd,
                year: indicator.year,
                recordId: indicator.record ? lookup(recordIds, indicator.record, 'record') : null,
                institutionId: indicator.institution
                  ? lookup(institutionIds, indicator.institution, 'institution')
                  : null,
              })),
            )
            .onConflictDoNothing()
            .returning({ id: schema.indicators.id, slug: schema.indicators.slug }),
    );

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
            sourceId: article?.id ?? lookup(sourceIds, '', 'news report'),
            paragraph: photo.paragraph,
            recordId: photo.record ? lookup(recordIds, photo.record, 'record') : null,
            institutionId: photo.institution ? lookup(institutionIds, photo.institution, 'institution') : null,
            indicatorId: photo.indicator ? lookup(indicatorIds, photo.indicator, 'indicator') : null,
          })),
        )
        .onConflictDoNothing();
    }

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

    await rebuildSearchIndex(tx);
    await tx
      .insert(schema.appMeta)
      .values({ key: SEED_VERSION_KEY, value: SEED_VERSION })
      .onConflictDoUpdate({ target: schema.appMeta.key, set: { value: SEED_VERSION } });
  });
  return { applied: true, created };
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
