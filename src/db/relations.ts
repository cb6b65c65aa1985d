import { defineRelations, is, One, sql } from 'drizzle-orm';
import * as schema from './schema';
import { isRuledTable, visibleRow } from './visibility';

export const relations = defineRelations(schema, (r) => ({
  sources: {
    citations: r.many.citations({ from: r.sources.id, to: r.citations.sourceId }),
  },
  countries: {
    institutions: r.many.institutions({ from: r.countries.code, to: r.institutions.countryCode }),
    records: r.many.records({
      from: r.countries.code.through(r.recordCountries.countryCode),
      to: r.records.id.through(r.recordCountries.recordId),
    }),
  },
  institutions: {
    country: r.one.countries({ from: r.institutions.countryCode, to: r.countries.code }),
    parent: r.one.institutions({
      from: r.institutions.parentId,
      to: r.institutions.id,
      alias: 'institution_parent',
    }),
    children: r.many.institutions({
      from: r.institutions.id,
      to: r.institutions.parentId,
      alias: 'institution_parent',
    }),
    hostedBranchCentres: r.many.branchCentres({
      from: r.institutions.id,
      to: r.branchCentres.hostInstitutionId,
    }),
    memberships: r.many.networkMembers({
      from: r.institutions.id,
      to: r.networkMembers.institutionId,
    }),
    participations: r.many.participants({
      from: r.institutions.id,
      to: r.participants.institutionId,
    }),
    indicators: r.many.indicators({ from: r.institutions.id, to: r.indicators.institutionId }),
    citations: r.many.citations({ from: r.institutions.id, to: r.citations.institutionId }),
    photos: r.many.photos({ from: r.institutions.id, to: r.photos.institutionId }),
  },
  planTargets: {
    branchCentres: r.many.branchCentres({
      from: r.planTargets.id,
      to: r.branchCentres.targetId,
    }),
    records: r.many.records({ from: r.planTargets.id, to: r.records.targetId }),
    fields: r.many.planTargetFields({ from: r.planTargets.id, to: r.planTargetFields.planTargetId }),
    citations: r.many.citations({ from: r.planTargets.id, to: r.citations.planTargetId }),
  },
  branchCentres: {
    host: r.one.institutions({
      from: r.branchCentres.hostInstitutionId,
      to: r.institutions.id,
    }),
    target: r.one.planTargets({ from: r.branchCentres.targetId, to: r.planTargets.id }),
    citations: r.many.citations({ from: r.branchCentres.id, to: r.citations.branchCentreId }),
  },
  networks: {
    members: r.many.networkMembers({ from: r.networks.id, to: r.networkMembers.networkId }),
    citations: r.many.citations({ from: r.networks.id, to: r.citations.networkId }),
  },
  networkMembers: {
    network: r.one.networks({
      from: r.networkMembers.networkId,
      to: r.networks.id,
      optional: false,
    }),
    institution: r.one.institutions({
      from: r.networkMembers.institutionId,
      to: r.institutions.id,
      optional: false,
    }),
  },
  records: {
    parent: r.one.records({ from: r.records.parentId, to: r.records.id, alias: 'record_parent' }),
    children: r.many.records({
      from: r.records.id,
      to: r.records.parentId,
      alias: 'record_parent',
    }),
    target: r.one.planTargets({ from: r.records.targetId, to: r.planTargets.id }),
    tracks: r.many.recordTracks({ from: r.records.id, to: r.recordTracks.recordId }),
    fields: r.many.recordFields({ from: r.records.id, to: r.recordFields.recordId }),
    countries: r.many.countries({
      from: r.records.id.through(r.recordCountries.recordId),
      to: r.countries.code.through(r.recordCountries.countryCode),
    }),
    recordCountries: r.many.recordCountries({
      from: r.records.id,
      to: r.recordCountries.recordId,
    }),
    participants: r.many.participants({ from: r.records.id, to: r.participants.recordId }),
    indicators: r.many.indicators({ from: r.records.id, to: r.indicators.recordId }),
    citations: r.many.citations({ from: r.records.id, to: r.citations.recordId }),
    photos: r.many.photos({ from: r.records.id, to: r.photos.recordId }),
    sourceDisagreements: r.many.sourceDisagreements({ from: r.records.id, to: r.sourceDisagreements.recordId }),
  },
  recordTracks: {
    record: r.one.records({ from: r.recordTracks.recordId, to: r.records.id, optional: false }),
  },
  recordFields: {
    record: r.one.records({ from: r.recordFields.recordId, to: r.records.id, optional: false }),
  },
  recordCountries: {
    record: r.one.records({ from: r.recordCountries.recordId, to: r.records.id, optional: false }),
    country: r.one.countries({
      from: r.recordCountries.countryCode,
      to: r.countries.code,
      optional: false,
    }),
  },
  participants: {
    record: r.one.records({ from: r.participants.recordId, to: r.records.id, optional: false }),
    institution: r.one.institutions({
      from: r.participants.institutionId,
      to: r.institutions.id,
      optional: false,
    }),
  },
  indicators: {
    record: r.one.records({ from: r.indicators.recordId, to: r.records.id }),
    institution: r.one.institutions({ from: r.indicators.institutionId, to: r.institutions.id }),
    citations: r.many.citations({ from: r.indicators.id, to: r.citations.indicatorId }),
    photos: r.many.photos({ from: r.indicators.id, to: r.photos.indicatorId }),
    fields: r.many.indicatorFields({ from: r.indicators.id, to: r.indicatorFields.indicatorId }),
    sourceDisagreements: r.many.sourceDisagreements({
      from: r.indicators.id,
      to: r.sourceDisagreements.indicatorId,
    }),
  },
  indicatorFields: {
    indicator: r.one.indicators({ from: r.indicatorFields.indicatorId, to: r.indicators.id, optional: false }),
  },
  planTargetFields: {
    planTarget: r.one.planTargets({ from: r.planTargetFields.planTargetId, to: r.planTargets.id, optional: false }),
  },
  sourceDisagreements: {
    record: r.one.records({ from: r.sourceDisagreements.recordId, to: r.records.id }),
    indicator: r.one.indicators({ from: r.sourceDisagreements.indicatorId, to: r.indicators.id }),
    claims: r.many.disagreementClaims({ from: r.sourceDisagreements.id, to: r.disagreementClaims.disagreementId }),
  },
  disagreementClaims: {
    disagreement: r.one.sourceDisagreements({
      from: r.disagreementClaims.disagreementId,
      to: r.sourceDisagreements.id,
      optional: false,
    }),
    source: r.one.sources({ from: r.disagreementClaims.sourceId, to: r.sources.id, optional: false }),
  },
  photos: {
    source: r.one.sources({ from: r.photos.sourceId, to: r.sources.id, optional: false }),
    record: r.one.records({ from: r.photos.recordId, to: r.records.id }),
    institution: r.one.institutions({ from: r.photos.institutionId, to: r.institutions.id }),
    indicator: r.one.indicators({ from: r.photos.indicatorId, to: r.indicators.id }),
  },
  citations: {
    source: r.one.sources({ from: r.citations.sourceId, to: r.sources.id, optional: false }),
  },
}));

// Every to-many relation that leads to a table with a visibility rule applies it (see
// visibility.ts): the relational query builder puts a relation's `where` into the join of nested
// reads and into the counts of related connections, so no list can forget it. To-one relations
// apply the same rule to the row they load (src/graphql/visibility.ts).
for (const table of Object.values(relations)) {
  for (const relation of Object.values(table.relations)) {
    const target = relation.targetTableName;
    if (!isRuledTable(target) || is(relation, One)) continue;
    if (relation.where) throw new Error(`relations: ${table.name}.${relation.fieldName} has its own where; merge it with the visibility rule.`);
    relation.where = { RAW: (aliased: unknown) => visibleRow(target, aliased) ?? sql`1` };
  }
}
