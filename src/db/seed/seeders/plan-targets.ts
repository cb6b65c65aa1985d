/** Seeding plan targets: the fields they cover, and the figures verification looks for. */
import { planTargetFields } from '../../schema';
import type { SeedPlanTarget } from '../catalogue/plan-targets';
import { defineSeeder } from '../seeder';

export const planTargetSeeder = defineSeeder<SeedPlanTarget>({
  links: [{ table: planTargetFields, column: 'planTargetId', rows: (item) => (item.fields ?? []).map((field) => ({ field })), refreshed: true }],
  facts: (item, facts) => {
    facts.year('year', item.year);
    facts.figure('targetMin', item.targetMin);
    if (item.targetMax !== undefined) {
      facts.figure('targetMax', item.targetMax);
      facts.range('targetMin..targetMax', item.targetMin, item.targetMax);
      if (item.targetMax < item.targetMin) facts.problem('references', 'targetMax is below targetMin');
    }
    facts.figure('reportedAchieved', item.reportedAchieved);
    facts.date('reportedAchievedOn', item.reportedAchievedOn);
  },
});
