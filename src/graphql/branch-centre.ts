/** Branch centres: MIIT-affiliated branches and new-industry enabling platforms. */
import { branchCentreWhere, countWhere } from '../db/filters';
import { branchCentres } from '../db/schema';
import { builder } from '../builder';
import { BranchCentreKindEnum, BranchCentreStatusEnum, FieldEnum } from './enums';
import { localizedFieldPair } from './localized';

export const BranchCentre = builder.drizzleNode('branchCentres', {
  name: 'BranchCentre',
  description:
    'A branch of an MIIT-affiliated institution, or a new-industry enabling platform, brought to Xiamen by the base.',
  id: { column: (centre) => centre.id },
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
      resolve: (centre) => centre.launchedOn,
    }),
    host: t.relation('host', { nullable: true, description: 'The institution it is a branch of, where known.' }),
    target: t.relation('target', { nullable: true, description: 'The plan target it counts towards.' }),
    citations: t.relation('citations', { description: 'The sources that name it.', query: { orderBy: { id: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const BranchCentreFilter = builder.inputType('BranchCentreFilter', {
  description: 'Narrows a list of branch centres. All given conditions must hold.',
  fields: (t) => ({
    kinds: t.field({ type: [BranchCentreKindEnum], required: false, description: 'Any of these kinds.' }),
    statuses: t.field({ type: [BranchCentreStatusEnum], required: false, description: 'Any of these statuses.' }),
  }),
});

builder.queryField('branchCentres', (t) =>
  t.drizzleConnection({
    type: 'branchCentres',
    description: 'Branch centres, in the order they were added.',
    args: { filter: t.arg({ type: BranchCentreFilter, required: false, description: 'Conditions to match.' }) },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, branchCentres, branchCentreWhere(branchCentres, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.branchCentres.findMany(
        query({ where: { RAW: (table) => branchCentreWhere(table, args.filter) }, orderBy: { id: 'asc' } }),
      ),
  }),
);
