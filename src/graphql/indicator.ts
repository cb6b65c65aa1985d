/** Indicators: reported figures such as trade totals, throughput and trainee counts. */
import { countWhere, indicatorWhere } from '../db/filters';
import { indicators } from '../db/schema';
import { builder } from '../builder';
import { FieldEnum, IndicatorUnitEnum, PillarEnum, ValueQualifierEnum } from './enums';
import { localizedFieldPair } from './localized';
import * as z from 'zod';
import { CooperationRecord } from './cooperation-record';
import { addHistoryField } from './history';
import { Institution } from './institution';
import {
  datesInOrder,
  defined,
  defineEntityMutations,
  LocalizedNameInput,
  localizedChanges,
  localizedValues,
  keepRequired,
  optionalId,
  referenceTo,
  slugRule,
  targetFields,
  yearRule,
} from './mutations';
import { withEagerTotalCount } from './total-count';
import type { IndicatorUnit } from '../db/enums';

export const Indicator = builder.drizzleNode('indicators', {
  name: 'Indicator',
  description:
    'A figure the sources report: a level with its unit, a year-on-year change, or both, for a period.',
  id: { column: (indicator) => indicator.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    pillar: t.expose('pillar', { type: PillarEnum, description: 'The key task it measures.' }),
    ...localizedFieldPair(t, 'name', 'What is measured.'),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'The level, in `unit`; null where the sources give only the change.',
    }),
    unit: t.field({
      type: IndicatorUnitEnum,
      description: 'Unit of `value`; NOT_STATED where the sources give only `changePercent` and no level.',
      select: { columns: { unit: true } },
      resolve: (indicator) => indicator.unit ?? 'NOT_STATED',
    }),
    qualifier: t.expose('qualifier', { type: ValueQualifierEnum, description: 'How exact `value` is.' }),
    changePercent: t.exposeFloat('changePercent', {
      nullable: true,
      description: 'Change on the same period a year earlier, in percent (20.67 = +20.67%).',
    }),
    periodStart: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'Start of the period measured; null for a running total.',
      select: { columns: { periodStart: true } },
      resolve: (indicator) => indicator.periodStart,
    }),
    periodEnd: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'End of the period measured, or the date a running total was reported.',
      select: { columns: { periodEnd: true } },
      resolve: (indicator) => indicator.periodEnd,
    }),
    year: t.exposeInt('year', { nullable: true, description: 'The year measured, where it is a calendar year.' }),
    fields: t.field({
      type: [FieldEnum],
      description: 'Areas the figure covers, as the sources name them (they may name only some).',
      select: { with: { fields: { columns: { field: true } } } },
      extensions: { pothosDrizzleLoaded: (row: { fields?: unknown }) => row.fields !== undefined },
      resolve: (indicator) => indicator.fields.map((entry) => entry.field),
    }),
    sourceDisagreements: t.relation('sourceDisagreements', {
      description: 'Facts of this figure on which the sources disagree, each side with its source.',
      query: { orderBy: { id: 'asc' } },
    }),
    record: t.relation('record', { nullable: true, description: 'The cooperation record it belongs to.' }),
    institution: t.relation('institution', { nullable: true, description: 'The institution it belongs to.' }),
    citations: t.relation('citations', { description: 'The sources that report it.', query: { orderBy: { id: 'asc' } } }),
    photos: t.relation('photos', { description: 'Photos that illustrate it.', query: { orderBy: { id: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const IndicatorFilter = builder.inputType('IndicatorFilter', {
  description: 'Narrows a list of indicators.',
  fields: (t) => ({
    pillars: t.field({ type: [PillarEnum], required: false, description: 'Any of these key tasks.' }),
    units: t.field({ type: [IndicatorUnitEnum], required: false, description: 'Any of these units (NOT_STATED: figures with no unit).' }),
    fields: t.field({ type: [FieldEnum], required: false, description: 'Covering any of these areas.' }),
    year: t.int({ required: false, description: 'Measured for this calendar year.' }),
  }),
});

builder.queryField('indicators', (t) =>
  withEagerTotalCount(t).drizzleConnection({
    type: 'indicators',
    description: 'Reported figures, in the order they were added.',
    args: { filter: t.arg({ type: IndicatorFilter, required: false, description: 'Conditions to match.' }) },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, indicators, indicatorWhere(indicators, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.indicators.findMany(
        query({ where: { RAW: (table) => indicatorWhere(table, args.filter) }, orderBy: { id: 'asc' } }),
      ),
  }),
);

// Writes -------------------------------------------------------------------------------------

addHistoryField(Indicator, 'Indicator');

/** NOT_STATED is stored as a null unit. */
const storedUnit = (unit: IndicatorUnit | 'NOT_STATED') => (unit === 'NOT_STATED' ? null : unit);

const valueRule = z.number().min(0, 'must not be negative').max(1e15, 'must be at most 1e15');
const changeRule = z.number().min(-100, 'must be at least -100').max(1e6, 'must be at most 1000000');

const indicatorRule = (create: boolean) =>
  z.unknown()
    .refine(
      (value) => {
        const input = value as { value?: number | null; changePercent?: number | null } | null;
        return !create || !input || input.value != null || input.changePercent != null;
      },
      { message: 'give a value, a changePercent or both', path: ['value'] },
    )
    .refine(
      (value) => {
        const input = value as { value?: number | null; unit?: string | null } | null;
        return !input || input.value == null || input.unit !== 'NOT_STATED';
      },
      { message: 'a value needs its unit (NOT_STATED is only for a figure given as a change)', path: ['unit'] },
    )
    .refine(
      (value) => {
        const input = value as { periodStart?: string | null; periodEnd?: string | null } | null;
        return !input || datesInOrder(input.periodStart, input.periodEnd);
      },
      { message: 'must not be before periodStart', path: ['periodEnd'] },
    );

const CreateIndicatorInput = builder.inputType('CreateIndicatorInput', {
  description: 'A new reported figure: a level with its unit, a year-on-year change, or both.',
  fields: (t) => ({
    slug: t.string({ required: true, description: 'Stable key: lower-case words joined by hyphens.', validate: slugRule }),
    pillar: t.field({ type: PillarEnum, required: true, description: 'The key task it measures.' }),
    name: t.field({ type: LocalizedNameInput, required: true, description: 'What is measured.' }),
    value: t.float({ required: false, description: 'The level, in `unit` (0 to 1e15).', validate: valueRule.nullish() }),
    unit: t.field({ type: IndicatorUnitEnum, required: true, description: 'Unit of `value`.' }),
    qualifier: t.field({ type: ValueQualifierEnum, required: false, description: 'How exact `value` is (default EXACT).' }),
    changePercent: t.float({ required: false, description: 'Year-on-year change in percent (-100 to 1000000).', validate: changeRule.nullish() }),
    periodStart: t.field({ type: 'PartialDate', required: false, description: 'Start of the period measured.' }),
    periodEnd: t.field({ type: 'PartialDate', required: false, description: 'End of the period measured.' }),
    year: t.int({ required: false, description: 'The calendar year measured.', validate: yearRule.nullish() }),
    record: t.globalID({ for: CooperationRecord, required: false, description: 'The cooperation record it belongs to.' }),
    institution: t.globalID({ for: Institution, required: false, description: 'The institution it belongs to.' }),
    fields: t.field({ type: [FieldEnum], required: false, description: 'Areas it covers, as the sources name them.' }),
  }),
  validate: indicatorRule(true),
});

const UpdateIndicatorInput = builder.inputType('UpdateIndicatorInput', {
  description: 'Changes to an indicator: omitted fields stay as they are, null clears an optional one.',
  fields: (t) => ({
    ...targetFields(t, Indicator, 'indicator'),
    slug: t.string({ required: false, description: 'New stable key.', validate: slugRule.optional() }),
    pillar: t.field({ type: PillarEnum, required: false, description: 'New key task.' }),
    name: t.field({ type: LocalizedNameInput, required: false, description: 'New name.' }),
    value: t.float({ required: false, description: 'New level.', validate: valueRule.nullish() }),
    unit: t.field({ type: IndicatorUnitEnum, required: false, description: 'New unit.' }),
    qualifier: t.field({ type: ValueQualifierEnum, required: false, description: 'New qualifier.' }),
    changePercent: t.float({ required: false, description: 'New change in percent.', validate: changeRule.nullish() }),
    periodStart: t.field({ type: 'PartialDate', required: false, description: 'New period start.' }),
    periodEnd: t.field({ type: 'PartialDate', required: false, description: 'New period end.' }),
    year: t.int({ required: false, description: 'New year.', validate: yearRule.nullish() }),
    record: t.globalID({ for: CooperationRecord, required: false, description: 'New cooperation record.' }),
    institution: t.globalID({ for: Institution, required: false, description: 'New institution.' }),
    fields: t.field({ type: [FieldEnum], required: false, description: 'New areas (replace the old; null clears them).' }),
  }),
  validate: keepRequired(['slug', 'pillar', 'name', 'unit', 'qualifier'], indicatorRule(false)),
});

defineEntityMutations({
  type: 'Indicator',
  table: 'indicators',
  ref: Indicator,
  field: 'indicator',
  noun: 'indicator',
  createInput: CreateIndicatorInput,
  updateInput: UpdateIndicatorInput,
  toCreate: (input) => ({
    values: {
      slug: input.slug,
      pillar: input.pillar,
      ...localizedValues('name', input.name),
      value: input.value ?? null,
      unit: storedUnit(input.unit),
      qualifier: input.qualifier ?? 'EXACT',
      changePercent: input.changePercent ?? null,
      periodStart: input.periodStart ?? null,
      periodEnd: input.periodEnd ?? null,
      year: input.year ?? null,
      recordId: optionalId(input.record),
      institutionId: optionalId(input.institution),
    },
    links: { fields: input.fields ?? undefined },
    references: [
      ...referenceTo('CooperationRecord', 'record', input.record),
      ...referenceTo('Institution', 'institution', input.institution),
    ],
  }),
  toUpdate: (input) => ({
    values: defined({
      slug: input.slug ?? undefined,
      pillar: input.pillar ?? undefined,
      ...localizedChanges('name', input.name ?? undefined),
      value: input.value,
      unit: input.unit == null ? undefined : storedUnit(input.unit),
      qualifier: input.qualifier ?? undefined,
      changePercent: input.changePercent,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      year: input.year,
      recordId: optionalId(input.record),
      institutionId: optionalId(input.institution),
    }),
    links: { fields: input.fields === null ? [] : (input.fields ?? undefined) },
    references: [
      ...referenceTo('CooperationRecord', 'record', input.record),
      ...referenceTo('Institution', 'institution', input.institution),
    ],
  }),
});
