/** Branch centres: MIIT-affiliated branches and new-industry enabling platforms. */
import { anyOf, countWhere } from '../db/filters';
import { branchCentres } from '../db/schema';
import { builder } from '../builder';
import { BranchCentreKindEnum, BranchCentreStatusEnum, FieldEnum } from './enums';
import { localizedFieldPair } from './localized';
import { addHistoryField } from './history';
import { Institution } from './institution';
import { LocalizedNameInput, LocalizedTextInput, slugField, yearRule } from './mutations';
import { defineWritableEntity } from './write-fields';
import { PlanTarget } from './plan-target';
import { defineListFilter } from './list-filter';
import { filteredList, fromColumn } from './sql-reads';
import { withEagerTotalCount } from './total-count';

export const BranchCentre = builder.drizzleNode('branchCentres', {
  name: 'BranchCentre',
  description:
    'A branch of an MIIT-affiliated institution, or a new-industry enabling platform, brought to Xiamen by the base.',
  id: { column: (centre) => centre.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    kind: t.expose('kind', { type: BranchCentreKindEnum, description: 'Branch or platform.' }),
    status: t.expose('status', { type: BranchCentreStatusEnum, description: 'Where it stands.' }),
    ...localizedFieldPair(t, 'name', 'Name of the centre.'),
    ...localizedFieldPair(t, 'description', 'What the centre does.', { nullable: true }),
    field: t.expose('field', { type: FieldEnum, nullable: true, description: 'The area it serves.' }),
    plannedYear: t.exposeInt('plannedYear', { nullable: true, description: 'The year it was planned for.' }),
    launchedOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When it was unveiled or went online.',
      ...fromColumn('launchedOn'),
    }),
    host: t.relation('host', { nullable: true, description: 'The institution it is a branch of, where known.' }),
    target: t.relation('target', { nullable: true, description: 'The plan target it counts towards.' }),
    citations: t.relation('citations', { description: 'The sources that name it.', query: { orderBy: { id: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

const branchCentreFilter = defineListFilter<typeof branchCentres>({
  name: 'BranchCentreFilter',
  description: 'Narrows a list of branch centres. All given conditions must hold.',
  ruled: 'branchCentres',
  fields: {
    kinds: { type: [BranchCentreKindEnum], description: 'Any of these kinds.', where: anyOf((t) => t.kind) },
    statuses: { type: [BranchCentreStatusEnum], description: 'Any of these statuses.', where: anyOf((t) => t.status) },
  },
});

/** The root list as the compiled read path reads it: the resolver's filter and ordering. */
const branchCentreList = filteredList('branchCentres', branchCentreFilter, { id: 'asc' });

builder.queryField('branchCentres', (t) =>
  withEagerTotalCount(t).drizzleConnection({
    type: 'branchCentres',
    description: 'Branch centres, in the order they were added.',
    args: { filter: t.arg({ type: branchCentreFilter.input, required: false, description: 'Conditions to match.' }) },
    extensions: { sqlRead: { rootConnection: branchCentreList } },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, branchCentres, branchCentreFilter.where(branchCentres, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.branchCentres.findMany(
        query({ where: { RAW: (table) => branchCentreFilter.where(table, args.filter) }, orderBy: branchCentreList.orderBy() }),
      ),
  }),
);

// Writes -------------------------------------------------------------------------------------

addHistoryField(BranchCentre, 'BranchCentre');

defineWritableEntity({
  type: 'BranchCentre',
  ref: BranchCentre,
  field: 'branchCentre',
  createDescription: 'A new branch centre or enabling platform.',
  updateDescription: 'Changes to a branch centre: omitted fields stay as they are, null clears an optional one.',
  fields: {
    slug: slugField,
    kind: { type: BranchCentreKindEnum, required: true, description: 'Branch or platform.', update: 'New kind.' },
    status: { type: BranchCentreStatusEnum, required: true, description: 'Where it stands.', update: 'New status.' },
    name: { type: LocalizedNameInput, required: true, description: 'Its name.', update: 'New name.' },
    description: { type: LocalizedTextInput, description: 'What it does.', update: 'New description.' },
    host: { node: Institution, column: 'hostInstitutionId', description: 'The institution it is a branch of.', update: 'New host institution.' },
    target: { node: PlanTarget, description: 'The plan target it counts towards.', update: 'New plan target.' },
    field: { type: FieldEnum, description: 'The area it serves.', update: 'New area.' },
    plannedYear: { type: 'Int', validate: yearRule, description: 'The year it was planned for.', update: 'New planned year.' },
    launchedOn: { type: 'PartialDate', description: 'When it was unveiled or went online.', update: 'New launch date.' },
  },
});
