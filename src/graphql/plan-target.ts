/** Plan targets: what the base set out to do in a year, with progress from the records. */
import { anyOf, countWhere, equals, linkedAnyOf } from '../db/filters';
import { planTargetFields, planTargets } from '../db/schema';
import { linkedCountsFromJson, planProgressExtras, PROGRESS_COUNTS } from '../db/plan-progress';
import { builder } from '../builder';
import { FieldEnum, PillarEnum, PlanSubjectEnum } from './enums';
import { localizedFieldPair } from './localized';
import * as z from 'zod';
import { addHistoryField } from './history';
import { LocalizedNameInput, LocalizedTextInput, slugField, yearRule } from './mutations';
import { rule } from './rule';
import { defineWritableEntity } from './write-fields';
import { defineListFilter } from './list-filter';
import { filteredList, fromColumn, linkedValues } from './sql-reads';
import { withEagerTotalCount } from './total-count';

interface PlanProgressShape {
  recorded: number;
  inferred: number;
  planned: number;
  reported: number | null;
  achieved: number;
  targetMin: number;
}

/** How many linked items of one kind there are, how many have happened, how many of those rest on an inference. */
interface LinkedCounts {
  linked: number;
  happened: number;
  inferred: number;
}

/** Progress from the counts of the linked branch centres and records (src/db/plan-progress.ts). */
function planProgress(target: { targetMin: number; reportedAchieved: number | null }, counts: readonly LinkedCounts[]): PlanProgressShape {
  const recorded = counts.reduce((sum, kind) => sum + kind.happened, 0);
  const inferred = counts.reduce((sum, kind) => sum + kind.inferred, 0);
  const planned = counts.reduce((sum, kind) => sum + kind.linked, 0) - recorded;
  const reported = target.reportedAchieved ?? null;
  return { recorded, inferred, planned, reported, achieved: Math.max(recorded, reported ?? 0), targetMin: target.targetMin };
}

const PlanProgress = builder.objectRef<PlanProgressShape>('PlanProgress').implement({
  description:
    'How far a target has come. Linked items that have happened are `recorded` (of which `inferred` rest on an inference), those still planned are `planned`; a later total a source reports without naming every item is `reported`.',
  fields: (t) => ({
    recorded: t.exposeInt('recorded', {
      description:
        'Linked branch centres and records that have happened (launched or operating; ongoing or completed). Planned ones are not counted here.',
    }),
    inferred: t.exposeInt('inferred', {
      description:
        'How many of `recorded` count only through an inference (an INFERRED citation), not through a source’s own words.',
    }),
    planned: t.exposeInt('planned', { description: 'Linked items that are still planned; they do not count as achieved.' }),
    reported: t.exposeInt('reported', {
      nullable: true,
      description: 'The total a source reports as achieved, where it names fewer items than it counts.',
    }),
    achieved: t.exposeInt('achieved', {
      description: 'The larger of `recorded` and `reported`. Where it comes from `recorded`, `inferred` of it is inference.',
    }),
    ratio: t.float({
      description: '`achieved` divided by the target’s minimum (1.0 = met).',
      resolve: (progress) => progress.achieved / progress.targetMin,
    }),
    met: t.boolean({
      description: 'Whether the minimum has been reached.',
      resolve: (progress) => progress.achieved >= progress.targetMin,
    }),
  }),
});

export const PlanTarget = builder.drizzleNode('planTargets', {
  name: 'PlanTarget',
  description:
    'A target the base set for a year, such as opening 8 enabling platforms in 2022. A target the sources do not break down into named items stays a number: items are never invented.',
  id: { column: (target) => target.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    year: t.exposeInt('year', { description: 'The year the target is set for.' }),
    pillar: t.expose('pillar', { type: PillarEnum, description: 'The key task it belongs to.' }),
    subject: t.expose('subject', { type: PlanSubjectEnum, description: 'What it counts.' }),
    ...localizedFieldPair(t, 'title', 'What the target is.'),
    ...localizedFieldPair(t, 'description', 'More about the target.', { nullable: true }),
    targetMin: t.exposeInt('targetMin', { description: 'The number aimed for (the lower bound of a range).' }),
    targetMax: t.exposeInt('targetMax', { nullable: true, description: 'Upper bound, where the target is a range (10–15).' }),
    reportedAchievedOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When the reported total was reached.',
      ...fromColumn('reportedAchievedOn'),
    }),
    fields: t.field({
      type: [FieldEnum],
      description: 'Areas the target covers, as the sources name them.',
      ...linkedValues('fields', 'field'),
    }),
    progress: t.field({
      type: PlanProgress,
      description: 'Progress computed from the linked items that exist: only what has happened counts, and inferences are counted apart.',
      // Counted in the statement (src/db/plan-progress.ts): the items themselves are never read.
      select: { columns: { targetMin: true, reportedAchieved: true }, extras: planProgressExtras },
      extensions: {
        pothosDrizzleLoaded: (row: Record<string, unknown>) => Object.values(PROGRESS_COUNTS).every((name) => typeof row[name] === 'string'),
      },
      resolve: (target) => {
        const row = target as typeof target & Record<string, unknown>;
        return planProgress(target, Object.values(PROGRESS_COUNTS).map((name) => linkedCountsFromJson(String(row[name]))));
      },
    }),
    branchCentres: t.relation('branchCentres', {
      description: 'Branch centres that count towards it.',
      query: { orderBy: { id: 'asc' } },
    }),
    records: t.relation('records', {
      description: 'Cooperation records that count towards it.',
      query: { orderBy: { id: 'asc' } },
    }),
    citations: t.relation('citations', { description: 'The sources that set the target.', query: { orderBy: { id: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

const planTargetFilter = defineListFilter<typeof planTargets>({
  name: 'PlanTargetFilter',
  description: 'Narrows a list of plan targets.',
  ruled: 'planTargets',
  fields: {
    year: { type: 'Int', description: 'Targets for this year.', where: equals((t) => t.year) },
    pillars: { type: [PillarEnum], description: 'Any of these key tasks.', where: anyOf((t) => t.pillar) },
    subjects: { type: [PlanSubjectEnum], description: 'Any of these subjects.', where: anyOf((t) => t.subject) },
    fields: {
      type: [FieldEnum],
      description: 'Covering any of these areas.',
      where: linkedAnyOf(planTargetFields, (link) => link.planTargetId, (link) => link.field),
    },
  },
});

/** The root list as the compiled read path reads it: the resolver's filter and ordering. */
const planTargetList = filteredList('planTargets', planTargetFilter, { year: 'asc', id: 'asc' });

builder.queryField('planTargets', (t) =>
  withEagerTotalCount(t).drizzleConnection({
    type: 'planTargets',
    description: 'The base’s plan targets, by year.',
    args: { filter: t.arg({ type: planTargetFilter.input, required: false, description: 'Conditions to match.' }) },
    extensions: { sqlRead: { rootConnection: planTargetList } },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, planTargets, planTargetFilter.where(planTargets, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.planTargets.findMany(
        query({
          where: { RAW: (table) => planTargetFilter.where(table, args.filter) },
          orderBy: planTargetList.orderBy(),
        }),
      ),
  }),
);

// Writes -------------------------------------------------------------------------------------

addHistoryField(PlanTarget, 'PlanTarget');

const countRule = rule(() => z.number().int().min(0, 'must not be negative').max(1_000_000, 'must be at most 1000000'));

const rangeRule = rule(() =>
  z.unknown().refine(
    (value) => {
      const input = value as { targetMin?: number | null; targetMax?: number | null } | null;
      return !input || input.targetMin == null || input.targetMax == null || input.targetMax >= input.targetMin;
    },
    { message: 'must not be less than targetMin', path: ['targetMax'] },
  ),
);

defineWritableEntity({
  type: 'PlanTarget',
  ref: PlanTarget,
  field: 'planTarget',
  createDescription: 'A new plan target.',
  updateDescription: 'Changes to a plan target: omitted fields stay as they are, null clears an optional one.',
  fields: {
    slug: slugField,
    year: { type: 'Int', required: true, validate: yearRule, description: 'The year it is set for.', update: 'New year.' },
    pillar: { type: PillarEnum, required: true, description: 'The key task it belongs to.', update: 'New key task.' },
    subject: { type: PlanSubjectEnum, required: true, description: 'What it counts.', update: 'New subject.' },
    title: { type: LocalizedNameInput, required: true, description: 'What the target is.', update: 'New title.' },
    description: { type: LocalizedTextInput, description: 'More about it.', update: 'New description.' },
    targetMin: { type: 'Int', required: true, validate: countRule, description: 'The number aimed for (lower bound).', update: 'New lower bound.' },
    targetMax: { type: 'Int', validate: countRule, description: 'Upper bound of a range.', update: 'New upper bound.' },
    reportedAchieved: { type: 'Int', validate: countRule, description: 'A total a source reports as achieved.', update: 'New reported total.' },
    reportedAchievedOn: { type: 'PartialDate', description: 'When that total was reached.', update: 'New date of the reported total.' },
    fields: {
      type: [FieldEnum],
      link: 'fields',
      description: 'Areas it covers, as the sources name them.',
      update: 'New areas (replace the old; null clears them).',
    },
  },
  validate: { create: rangeRule, update: rangeRule },
});
