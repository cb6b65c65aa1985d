/** Institutions: ministries, governments, think tanks, universities, companies, organisations. */
import { anyOf, countWhere, institutionParticipationsCounted } from '../db/filters';
import { wouldCloseLoop } from '../db/integrity';
import { institutions } from '../db/schema';
import { builder } from '../builder';
import type { SqlRead } from './compiled-read';
import { InstitutionTypeEnum } from './enums';
import { localizedFieldPair } from './localized';
import { addHistoryField } from './history';
import { httpUrlRule, LocalizedNameInput, LocalizedTextInput, shortTextRule, slugField } from './mutations';
import { defineWritableEntity } from './write-fields';
import { participationsByRole } from './participant-roles';
import { defineListFilter } from './list-filter';
import { filteredList, fromColumn, rowBySlug } from './sql-reads';
import { withEagerTotalCount } from './total-count';

export const Institution = builder.drizzleNode('institutions', {
  name: 'Institution',
  description:
    'An organisation that takes part in the base’s work: a ministry, government, agency, think tank, university, company, international organisation or site.',
  id: { column: (institution) => institution.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    type: t.expose('type', { type: InstitutionTypeEnum, description: 'What kind of organisation it is.' }),
    ...localizedFieldPair(t, 'name', 'Name of the institution.'),
    acronym: t.exposeString('acronym', { nullable: true, description: 'Common abbreviation, e.g. MIIT.' }),
    ...localizedFieldPair(t, 'description', 'What the institution is and does.', { nullable: true }),
    website: t.field({
      type: 'URL',
      nullable: true,
      description: 'Official website.',
      ...fromColumn('website'),
    }),
    country: t.relation('country', { nullable: true, description: 'Country it belongs to.' }),
    parent: t.relation('parent', {
      nullable: true,
      description: 'The institution it belongs to, e.g. the government of a bureau.',
    }),
    children: t.relation('children', {
      description: 'Institutions that belong to it.',
      query: { orderBy: { id: 'asc' } },
    }),
    hostedBranchCentres: t.relation('hostedBranchCentres', {
      description: 'Branch centres it hosts.',
      query: { orderBy: { id: 'asc' } },
    }),
    memberships: t.relatedConnection('memberships', {
      description: 'Alliances and pools it belongs to.',
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
    }),
    participations: t.relatedConnection('participations', {
      description: 'Cooperation records it took part in, with its role.',
      totalCount: true,
      ...participationsByRole,
      // Its public participations (in live records, in the given roles) are counted by the
      // records' member set of roles per institution: a few counter rows, not every participation.
      extensions: { sqlRead: { relatedCount: (institution, args) => institutionParticipationsCounted(institution.id!, args.roles as never) } satisfies SqlRead },
    }),
    indicators: t.relation('indicators', {
      description: 'Indicators measured for it.',
      query: { orderBy: { id: 'asc' } },
    }),
    citations: t.relation('citations', {
      description: 'The sources that name it.',
      query: { orderBy: { id: 'asc' } },
    }),
    photos: t.relation('photos', { description: 'Photos of it printed by the sources.', query: { orderBy: { id: 'asc' } } }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was added.', ...fromColumn('createdAt') }),
    updatedAt: t.field({ type: 'DateTime', description: 'When it last changed.', ...fromColumn('updatedAt') }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

const institutionFilter = defineListFilter<typeof institutions>({
  name: 'InstitutionFilter',
  description: 'Narrows a list of institutions. All given conditions must hold.',
  ruled: 'institutions',
  fields: {
    types: { type: [InstitutionTypeEnum], description: 'Any of these types.', where: anyOf((t) => t.type) },
    countries: { type: ['CountryCode'], description: 'Any of these countries.', where: anyOf((t) => t.countryCode) },
  },
});

/** The root list as the compiled read path reads it: the resolver's filter and ordering. */
const institutionBySlug = rowBySlug('institutions');
const institutionList = filteredList('institutions', institutionFilter, { id: 'asc' });

builder.queryFields((t) => ({
  institutions: withEagerTotalCount(t).drizzleConnection({
    type: 'institutions',
    description: 'Institutions, in the order they were added.',
    args: { filter: t.arg({ type: institutionFilter.input, required: false, description: 'Conditions to match.' }) },
    extensions: { sqlRead: { rootConnection: institutionList } },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, institutions, institutionFilter.where(institutions, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.institutions.findMany(
        query({ where: { RAW: (table) => institutionFilter.where(table, args.filter) }, orderBy: institutionList.orderBy() }),
      ),
  }),
  institution: t.drizzleField({
    type: 'institutions',
    nullable: true,
    description: 'One institution by its slug, e.g. `miit`.',
    args: { slug: t.arg.string({ required: true, description: 'The institution’s slug.' }) },
    extensions: { sqlRead: { rootObject: institutionBySlug } },
    resolve: (query, _root, args, context) =>
      context.db.query.institutions.findFirst(query({ where: { RAW: (table) => institutionBySlug.where(table, args) } })),
  }),
}));

// Writes -------------------------------------------------------------------------------------

addHistoryField(Institution, 'Institution');

const acronymRule = shortTextRule(40);

defineWritableEntity({
  type: 'Institution',
  ref: Institution,
  field: 'institution',
  createDescription: 'A new institution.',
  updateDescription: 'Changes to an institution: omitted fields stay as they are, null clears an optional one.',
  fields: {
    slug: slugField,
    type: { type: InstitutionTypeEnum, required: true, description: 'What kind of organisation it is.', update: 'New kind.' },
    name: { type: LocalizedNameInput, required: true, description: 'Its name.', update: 'New name.' },
    acronym: { type: 'String', validate: acronymRule, description: 'Common abbreviation.', update: 'New abbreviation.' },
    country: { type: 'CountryCode', column: 'countryCode', references: 'Country', description: 'Country it belongs to.', update: 'New country.' },
    website: {
      type: 'URL',
      validate: httpUrlRule,
      toColumn: (url: URL) => url.href,
      description: 'Official website (http or https).',
      update: 'New website.',
    },
    description: { type: LocalizedTextInput, description: 'What it is and does.', update: 'New description.' },
    parent: { node: Institution, description: 'The institution it belongs to.', update: 'New parent institution.' },
  },
  rowRules: {
    columns: ['parentId'],
    // An institution cannot belong to itself, directly or through its parents.
    check: async (row, context, id) => {
      const parentId = row.parentId as number | null | undefined;
      if (id === null || parentId === null || parentId === undefined) return null;
      if (!(await wouldCloseLoop(context.db, 'Institution', id, parentId))) return null;
      return { kind: 'INVALID', path: ['input', 'parent'], message: 'the institution would become its own ancestor.' };
    },
  },
});
