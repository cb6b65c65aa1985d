/**
 * The seeders of entities that need more than the generic seeding (src/db/seed/seeder.ts): slugs
 * of other rows, link rows, facts to verify. Every other entity the sources are cited for is
 * seeded from its catalogue list alone.
 */
import type { Seeder, SeededType } from '../seeder';
import { branchCentreSeeder } from './branch-centres';
import { indicatorSeeder } from './indicators';
import { institutionSeeder } from './institutions';
import { networkSeeder } from './networks';
import { planTargetSeeder } from './plan-targets';
import { recordSeeder } from './records';

const SEEDERS: Partial<Record<SeededType, Seeder>> = {
  Institution: institutionSeeder,
  PlanTarget: planTargetSeeder,
  BranchCentre: branchCentreSeeder,
  Network: networkSeeder,
  CooperationRecord: recordSeeder,
  Indicator: indicatorSeeder,
};

export const seederOf = (type: SeededType): Seeder => SEEDERS[type] ?? {};
