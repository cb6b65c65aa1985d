/** Seeding branch centres: their host institution and plan target. */
import type { SeedBranchCentre } from '../catalogue/branch-centres';
import { defineSeeder } from '../seeder';

export const branchCentreSeeder = defineSeeder<SeedBranchCentre>({
  name: 'name',
  references: {
    host: { column: 'hostInstitutionId', to: 'Institution', what: 'host institution' },
    target: { column: 'targetId', to: 'PlanTarget', what: 'plan target' },
  },
  facts: (item, facts) => {
    facts.year('plannedYear', item.plannedYear);
    facts.date('launchedOn', item.launchedOn);
  },
});
