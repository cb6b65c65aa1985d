/** Alliances, expert pools and committees, with their member institutions. */
import { countWhere, networkWhere } from '../db/filters';
import { networks } from '../db/schema';
import { builder } from '../builder';
import { NetworkKindEnum, NetworkRoleEnum, NetworkStatusEnum, PillarEnum } from './enums';
import { localizedFieldPair } from './localized';

export const Network = builder.drizzleNode('networks', {
  name: 'Network',
  description: 'A training alliance, think-tank alliance, industry alliance, expert pool or advisory committee.',
  id: { column: (network) => network.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    kind: t.expose('kind', { type: NetworkKindEnum, description: 'What kind of network it is.' }),
    status: t.expose('status', { type: NetworkStatusEnum, description: 'Where it stands.' }),
    pillar: t.expose('pillar', { type: PillarEnum, description: 'The key task it serves.' }),
    ...localizedFieldPair(t, 'name', 'Name of the network.'),
    ...localizedFieldPair(t, 'description', 'What the network is for.', { nullable: true }),
    establishedOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When it was set up.',
      resolve: (network) => network.establishedOn,
    }),
    membershipIncomplete: t.exposeBoolean('membershipIncomplete', {
      description: 'True when the sources name only some of its members.',
    }),
    members: t.relatedConnection('members', {
      description: 'Member institutions, with their roles.',
      totalCount: true,
      query: { where: { archivedAt: { isNull: true } }, orderBy: { id: 'asc' } },
    }),
    citations: t.relation('citations', { description: 'The sources that name it.', query: { orderBy: { id: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const NetworkMembership = builder.drizzleNode('networkMembers', {
  name: 'NetworkMembership',
  description: 'An institution’s membership of a network.',
  id: { column: (member) => member.id },
  fields: (t) => ({
    role: t.expose('role', { type: NetworkRoleEnum, description: 'Its role in the network.' }),
    network: t.relation('network', { description: 'The network.' }),
    institution: t.relation('institution', { description: 'The member institution.' }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const NetworkFilter = builder.inputType('NetworkFilter', {
  description: 'Narrows a list of networks. All given conditions must hold.',
  fields: (t) => ({
    kinds: t.field({ type: [NetworkKindEnum], required: false, description: 'Any of these kinds.' }),
    statuses: t.field({ type: [NetworkStatusEnum], required: false, description: 'Any of these statuses.' }),
    pillars: t.field({ type: [PillarEnum], required: false, description: 'Any of these key tasks.' }),
  }),
});

builder.queryField('networks', (t) =>
  t.drizzleConnection({
    type: 'networks',
    description: 'Training alliances, think-tank alliances, expert pools and committees.',
    args: { filter: t.arg({ type: NetworkFilter, required: false, description: 'Conditions to match.' }) },
    totalCount: (_parent, args, context) => countWhere(context.db, networks, networkWhere(networks, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.networks.findMany(
        query({ where: { RAW: (table) => networkWhere(table, args.filter) }, orderBy: { id: 'asc' } }),
      ),
  }),
);
