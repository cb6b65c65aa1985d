/**
 * The registry of writable entities: per GraphQL type, its table, the key under which the
 * relations (and the relational query API, and the visibility rule) know it, and the noun messages
 * use. Every per-type map of the data layer derives from this one.
 */
import { branchCentres, indicators, institutions, networkMembers, networks, participants, planTargets, records } from './schema';

export const ENTITIES = {
  Institution: { table: institutions, key: 'institutions', noun: 'institution' },
  BranchCentre: { table: branchCentres, key: 'branchCentres', noun: 'branch centre' },
  Network: { table: networks, key: 'networks', noun: 'network' },
  NetworkMembership: { table: networkMembers, key: 'networkMembers', noun: 'membership' },
  CooperationRecord: { table: records, key: 'records', noun: 'cooperation record' },
  Participation: { table: participants, key: 'participants', noun: 'participation' },
  Indicator: { table: indicators, key: 'indicators', noun: 'indicator' },
  PlanTarget: { table: planTargets, key: 'planTargets', noun: 'plan target' },
} as const;

export type WritableType = keyof typeof ENTITIES;
export const WRITABLE_TYPES = Object.keys(ENTITIES) as WritableType[];
