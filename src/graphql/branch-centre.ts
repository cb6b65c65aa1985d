/** Branch centres: MIIT-affiliated branches and new-industry enabling platforms. */
import { branchCentreWhere, countWhere } from '../db/filters';
import { branchCentres } from '../db/schema';
import { builder } from '../builder';
import { BranchCentreKindEnum, BranchCentreStatusEnum, FieldEnum } from './enums';
import { localizedFieldPair } from './localized';
import { addHistoryField } from './history';
import { Institution } from './institution';
import {
  defined,
  defineEntityMutations,
  LocalizedNameInput,
  LocalizedTextInput,
  localizedChanges,
  localizedValues,
  keepRequired,
  optionalId,
  referenceTo,
  slugRule,
  targetFields,
  yearRule,
} from './mutations';
import { PlanTarget } from './plan-target';
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
      select: { columns: { launchedOn: true } },
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
  withEagerTotalCount(t).drizzleConnection({
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

// Writes -------------------------------------------------------------------------------------

addHistoryField(BranchCentre, 'BranchCentre');

const CreateBranchCentreInput = builder.inputType('CreateBranchCentreInput', {
  description: 'A new branch centre or enabling platform.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Stable key: lower-case words joined by hyphens.', validate: slugRule }),
    kind: t.field({ type: BranchCentreKindEnum, required: true, description: 'Branch or platform.' }),
    status: t.field({ type: BranchCentreStatusEnum, required: true, description: 'Where it stands.' }),
    name: t.field({ type: LocalizedNameInput, required: true, description: 'Its name.' }),
    description: t.field({ type: LocalizedTextInput, required: false, description: 'What it does.' }),
    host: t.globalID({ for: Institution, required: false, description: 'The institution it is a branch of.' }),
    target: t.globalID({ for: PlanTarget, required: false, description: 'The plan target it counts towards.' }),
    field: t.field({ type: FieldEnum, required: false, description: 'The area it serves.' }),
    plannedYear: t.int({ required: false, description: 'The year it was planned for.', validate: yearRule.nullish() }),
    launchedOn: t.field({ type: 'PartialDate', required: false, description: 'When it was unveiled or went online.' }),
  }),
});

const UpdateBranchCentreInput = builder.inputType('UpdateBranchCentreInput', {
  description: 'Changes to a branch centre: omitted fields stay as they are, null clears an optional one.',
  fields: (t) => ({
    ...targetFields(t, BranchCentre, 'branch centre'),
    slug: t.string({ required: false, description: 'New stable key.', validate: slugRule.optional() }),
    kind: t.field({ type: BranchCentreKindEnum, required: false, description: 'New kind.' }),
    status: t.field({ type: BranchCentreStatusEnum, required: false, description: 'New status.' }),
    name: t.field({ type: LocalizedNameInput, required: false, description: 'New name.' }),
    description: t.field({ type: LocalizedTextInput, required: false, description: 'New description.' }),
    host: t.globalID({ for: Institution, required: false, description: 'New host institution.' }),
    target: t.globalID({ for: PlanTarget, required: false, description: 'New plan target.' }),
    field: t.field({ type: FieldEnum, required: false, description: 'New area.' }),
    plannedYear: t.int({ required: false, description: 'New planned year.', validate: yearRule.nullish() }),
    launchedOn: t.field({ type: 'PartialDate', required: false, description: 'New launch date.' }),
  }),
  validate: keepRequired(['slug', 'kind', 'status', 'name']),
});

defineEntityMutations({
  type: 'BranchCentre',
  table: 'branchCentres',
  ref: BranchCentre,
  field: 'branchCentre',
  noun: 'branch centre',
  createInput: CreateBranchCentreInput,
  updateInput: UpdateBranchCentreInput,
  toCreate: (input) => ({
    values: {
      slug: input.slug,
      kind: input.kind,
      status: input.status,
      ...localizedValues('name', input.name),
      ...localizedValues('description', input.description ?? null),
      hostInstitutionId: optionalId(input.host),
      targetId: optionalId(input.target),
      field: input.field ?? null,
      plannedYear: input.plannedYear ?? null,
      launchedOn: input.launchedOn ?? null,
    },
    references: [...referenceTo('Institution', 'host', input.host), ...referenceTo('PlanTarget', 'target', input.target)],
  }),
  toUpdate: (input) => ({
    values: defined({
      slug: input.slug ?? undefined,
      kind: input.kind ?? undefined,
      status: input.status ?? undefined,
      ...localizedChanges('name', input.name ?? undefined),
      ...localizedChanges('description', input.description),
      hostInstitutionId: optionalId(input.host),
      targetId: optionalId(input.target),
      field: input.field,
      plannedYear: input.plannedYear,
      launchedOn: input.launchedOn,
    }),
    references: [...referenceTo('Institution', 'host', input.host), ...referenceTo('PlanTarget', 'target', input.target)],
  }),
});
