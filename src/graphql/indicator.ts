/** Indicators: reported figures such as trade totals, throughput and trainee counts. */
import { countWhere, indicatorWhere } from '../db/filters';
import { indicators } from '../db/schema';
import { builder } from '../builder';
import { IndicatorUnitEnum, PillarEnum, ValueQualifierEnum } from './enums';
import { localizedFieldPair } from './localized';

export const Indicator = builder.drizzleNode('indicators', {
  name: 'Indicator',
  description:
    'A figure the sources report: a level with its unit, a year-on-year change, or both, for a period.',
  id: { column: (indicator) => indicator.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    pillar: t.expose('pillar', { type: PillarEnum, description: 'The key task it measures.' }),
    ...localizedFieldPair(t, 'name', 'What is measured.'),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'The level, in `unit`; null where the sources give only the change.',
    }),
    unit: t.expose('unit', { type: IndicatorUnitEnum, description: 'Unit of `value`.' }),
    qualifier: t.expose('qualifier', { type: ValueQualifierEnum, description: 'How exact `value` is.' }),
    changePercent: t.exposeFloat('changePercent', {
      nullable: true,
      description: 'Change on the same period a year earlier, in percent (20.67 = +20.67%).',
    }),
    periodStart: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'Start of the period measured; null for a running total.',
      resolve: (indicator) => indicator.periodStart,
    }),
    periodEnd: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'End of the period measured, or the date a running total was reported.',
      resolve: (indicator) => indicator.periodEnd,
    }),
    year: t.exposeInt('year', { nullable: true, description: 'The year measured, where it is a calendar year.' }),
    record: t.relation('record', { nullable: true, description: 'The cooperation record it belongs to.' }),
    institution: t.relation('institution', { nullable: true, description: 'The institution it belongs to.' }),
    citations: t.relation('citations', { description: 'The sources that report it.', query: { orderBy: { id: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const IndicatorFilter = builder.inputType('IndicatorFilter', {
  description: 'Narrows a list of indicators.',
  fields: (t) => ({
    pillars: t.field({ type: [PillarEnum], required: false, description: 'Any of these key tasks.' }),
    units: t.field({ type: [IndicatorUnitEnum], required: false, description: 'Any of these units.' }),
    year: t.int({ required: false, description: 'Measured for this calendar year.' }),
  }),
});

builder.queryField('indicators', (t) =>
  t.drizzleConnection({
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
