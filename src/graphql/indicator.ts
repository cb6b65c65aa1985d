/** Indicators: reported figures such as trade totals, throughput and trainee counts. */
import { anyOf, countWhere, equals, linkedAnyOf } from '../db/filters';
import { indicatorFields, indicators } from '../db/schema';
import { builder } from '../builder';
import { FieldEnum, IndicatorUnitEnum, PillarEnum, ValueQualifierEnum } from './enums';
import { localizedFieldPair } from './localized';
import * as z from 'zod';
import { CooperationRecord } from './cooperation-record';
import { addHistoryField } from './history';
import { Institution } from './institution';
import { datesInOrder, LocalizedNameInput, slugField, yearRule } from './mutations';
import { rule } from './rule';
import { defineWritableEntity } from './write-fields';
import { defineListFilter } from './list-filter';
import { filteredList, fromColumn, linkedValues } from './sql-reads';
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
      ...fromColumn('unit', { ifNull: 'NOT_STATED' }),
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
      ...fromColumn('periodStart'),
    }),
    periodEnd: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'End of the period measured, or the date a running total was reported.',
      ...fromColumn('periodEnd'),
    }),
    year: t.exposeInt('year', { nullable: true, description: 'The year measured, where it is a calendar year.' }),
    fields: t.field({
      type: [FieldEnum],
      description: 'Areas the figure covers, as the sources name them (they may name only some).',
      ...linkedValues('fields', 'field'),
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

const indicatorFilter = defineListFilter<typeof indicators>({
  name: 'IndicatorFilter',
  description: 'Narrows a list of indicators.',
  ruled: 'indicators',
  fields: {
    pillars: { type: [PillarEnum], description: 'Any of these key tasks.', where: anyOf((t) => t.pillar) },
    units: {
      type: [IndicatorUnitEnum],
      description: 'Any of these units (NOT_STATED: figures with no unit).',
      // NOT_STATED stands for a null unit: the sources give only a change, not a level.
      where: anyOf((t) => t.unit, { nullAs: 'NOT_STATED' }),
    },
    fields: {
      type: [FieldEnum],
      description: 'Covering any of these areas.',
      where: linkedAnyOf(indicatorFields, (link) => link.indicatorId, (link) => link.field),
    },
    year: { type: 'Int', description: 'Measured for this calendar year.', where: equals((t) => t.year) },
  },
});

/** The root list as the compiled read path reads it: the resolver's filter and ordering. */
const indicatorList = filteredList('indicators', indicatorFilter, { id: 'asc' });

builder.queryField('indicators', (t) =>
  withEagerTotalCount(t).drizzleConnection({
    type: 'indicators',
    description: 'Reported figures, in the order they were added.',
    args: { filter: t.arg({ type: indicatorFilter.input, required: false, description: 'Conditions to match.' }) },
    extensions: { sqlRead: { rootConnection: indicatorList } },
    totalCount: (_parent, args, context) =>
      countWhere(context.db, indicators, indicatorFilter.where(indicators, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.indicators.findMany(
        query({ where: { RAW: (table) => indicatorFilter.where(table, args.filter) }, orderBy: indicatorList.orderBy() }),
      ),
  }),
);

// Writes -------------------------------------------------------------------------------------

addHistoryField(Indicator, 'Indicator');

/** NOT_STATED is stored as a null unit. */
const storedUnit = (unit: IndicatorUnit | 'NOT_STATED') => (unit === 'NOT_STATED' ? null : unit);

const valueRule = rule(() => z.number().min(0, 'must not be negative').max(1e15, 'must be at most 1e15'));
const changeRule = rule(() => z.number().min(-100, 'must be at least -100').max(1e6, 'must be at most 1000000'));

const indicatorRule = (create: boolean) =>
  rule(() =>
    z
      .unknown()
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
      ),
  );

defineWritableEntity({
  type: 'Indicator',
  ref: Indicator,
  field: 'indicator',
  createDescription: 'A new reported figure: a level with its unit, a year-on-year change, or both.',
  updateDescription: 'Changes to an indicator: omitted fields stay as they are, null clears an optional one.',
  fields: {
    slug: slugField,
    pillar: { type: PillarEnum, required: true, description: 'The key task it measures.', update: 'New key task.' },
    name: { type: LocalizedNameInput, required: true, description: 'What is measured.', update: 'New name.' },
    value: { type: 'Float', validate: valueRule, description: 'The level, in `unit` (0 to 1e15).', update: 'New level.' },
    unit: { type: IndicatorUnitEnum, required: true, toColumn: storedUnit, description: 'Unit of `value`.', update: 'New unit.' },
    qualifier: { type: ValueQualifierEnum, default: 'EXACT', description: 'How exact `value` is (default EXACT).', update: 'New qualifier.' },
    changePercent: {
      type: 'Float',
      validate: changeRule,
      description: 'Year-on-year change in percent (-100 to 1000000).',
      update: 'New change in percent.',
    },
    periodStart: { type: 'PartialDate', description: 'Start of the period measured.', update: 'New period start.' },
    periodEnd: { type: 'PartialDate', description: 'End of the period measured.', update: 'New period end.' },
    year: { type: 'Int', validate: yearRule, description: 'The calendar year measured.', update: 'New year.' },
    record: { node: CooperationRecord, description: 'The cooperation record it belongs to.', update: 'New cooperation record.' },
    institution: { node: Institution, description: 'The institution it belongs to.', update: 'New institution.' },
    fields: {
      type: [FieldEnum],
      link: 'fields',
      description: 'Areas it covers, as the sources name them.',
      update: 'New areas (replace the old; null clears them).',
    },
  },
  validate: { create: indicatorRule(true), update: indicatorRule(false) },
});
