/** Seeding indicators: the record and institution they belong to, the fields they cover. */
import { indicatorFields } from '../../schema';
import type { SeedIndicator } from '../catalogue/indicators';
import { defineSeeder } from '../seeder';

export const indicatorSeeder = defineSeeder<SeedIndicator>({
  references: {
    record: { column: 'recordId', to: 'CooperationRecord', what: 'record' },
    institution: { column: 'institutionId', to: 'Institution', what: 'institution' },
  },
  links: [{ table: indicatorFields, column: 'indicatorId', rows: (item) => (item.fields ?? []).map((field) => ({ field })), refreshed: true }],
  facts: (item, facts) => {
    facts.year('year', item.year);
    facts.figure('value', item.value, item.unit === 'PERCENT');
    facts.figure('changePercent', item.changePercent, true);
    facts.date('periodStart', item.periodStart);
    facts.date('periodEnd', item.periodEnd);
    if (item.value === undefined && item.changePercent === undefined) facts.problem('references', 'has neither value nor change');
    if (item.value === undefined && item.unit !== undefined) {
      facts.problem('fidelity', `has a unit (${item.unit}) but no level: no source gives one`);
    }
  },
});
