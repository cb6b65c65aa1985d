/** Alliances, expert pools and committees, with their member institutions. */
import { anyOf, countWhere, networkMembershipsCounted } from '../db/filters';
import { networks } from '../db/schema';
import { builder } from '../builder';
import type { SqlRead } from './compiled-read';
import { MembershipCompletenessEnum, NetworkKindEnum, NetworkRoleEnum, NetworkStatusEnum, PillarEnum } from './enums';
import { localizedFieldPair } from './localized';
import { addHistoryField } from './history';
import { Institution } from './institution';
import { LocalizedNameInput, LocalizedTextInput, slugField } from './mutations';
import { defineLinkEntity, defineWritableEntity } from './write-fields';
import { defineListFilter } from './list-filter';
import { filteredList, fromColumn } from './sql-reads';
import { withEagerTotalCount } from './total-count';

export const Network = builder.drizzleNode('networks', {
  name: 'Network',
  description: 'A training alliance, think-tank alliance, industry alliance, expert pool or advisory committee.',
  id: { column: (network) => network.id },
  select: { columns: { archivedAt: true } },
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
      ...fromColumn('establishedOn'),
    }),
    membershipIncomplete: t.exposeBoolean('membershipIncomplete', {
      description:
        'True when no source gives the whole membership: the sources name only some members, or none. An empty `members` list with this true means "not named", not "no members"; see `membership`.',
    }),
    membership: t.field({
      type: MembershipCompletenessEnum,
      description: 'How much of the membership the sources name: all, some, or none (which does not mean there are no members).',
      select: {
        columns: { membershipIncomplete: true },
        // The membership rows themselves, not `publicRow`: that also asks for a live network, and
        // would call an archived network's members unnamed to the admins who can see it. The
        // relation's own rule already hides from each caller what it may not see. One member
        // tells "some" from "none": a pool of thousands is not read whole.
        with: { members: { columns: { id: true }, where: { archivedAt: { isNull: true } }, limit: 1 } },
      },
      extensions: { pothosDrizzleLoaded: (row: { members?: unknown }) => row.members !== undefined },
      resolve: (network) =>
        !network.membershipIncomplete ? 'ALL_NAMED' : network.members.length > 0 ? 'SOME_NAMED' : 'NONE_NAMED',
    }),
    members: t.relatedConnection('members', {
      description: 'Member institutions, with their roles.',
      totalCount: true,
      query: { orderBy: { id: 'asc' } },
      // Counted by the institutions' member set kept per network: a few counter rows, not every member.
      extensions: { sqlRead: { relatedCount: (network) => networkMembershipsCounted(network.id!) } satisfies SqlRead },
    }),
    citations: t.relation('citations', { description: 'The sources that name it.', query: { orderBy: { id: 'asc' } } }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

export const NetworkMembership = builder.drizzleNode('networkMembers', {
  name: 'NetworkMembership',
  description: 'An institution’s membership of a network.',
  id: { column: (member) => member.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    role: t.expose('role', { type: NetworkRoleEnum, description: 'Its role in the network.' }),
    network: t.relation('network', { description: 'The network.' }),
    institution: t.relation('institution', { description: 'The member institution.' }),
    version: t.exposeInt('version', { description: 'Revision number, for optimistic concurrency in updates.' }),
  }),
});

const networkFilter = defineListFilter<typeof networks>({
  name: 'NetworkFilter',
  description: 'Narrows a list of networks. All given conditions must hold.',
  ruled: 'networks',
  fields: {
    kinds: { type: [NetworkKindEnum], description: 'Any of these kinds.', where: anyOf((t) => t.kind) },
    statuses: { type: [NetworkStatusEnum], description: 'Any of these statuses.', where: anyOf((t) => t.status) },
    pillars: { type: [PillarEnum], description: 'Any of these key tasks.', where: anyOf((t) => t.pillar) },
  },
});

/** The root list as the compiled read path reads it: the resolver's filter and ordering. */
const networkList = filteredList('networks', networkFilter, { id: 'asc' });

builder.queryField('networks', (t) =>
  withEagerTotalCount(t).drizzleConnection({
    type: 'networks',
    description: 'Training alliances, think-tank alliances, expert pools and committees.',
    args: { filter: t.arg({ type: networkFilter.input, required: false, description: 'Conditions to match.' }) },
    extensions: { sqlRead: { rootConnection: networkList } },
    totalCount: (_parent, args, context) => countWhere(context.db, networks, networkFilter.where(networks, args.filter)),
    resolve: (query, _root, args, context) =>
      context.db.query.networks.findMany(
        query({ where: { RAW: (table) => networkFilter.where(table, args.filter) }, orderBy: networkList.orderBy() }),
      ),
  }),
);

// Writes -------------------------------------------------------------------------------------

addHistoryField(Network, 'Network');
addHistoryField(NetworkMembership, 'NetworkMembership');

defineWritableEntity({
  type: 'Network',
  ref: Network,
  field: 'network',
  createDescription: 'A new alliance, expert pool or committee.',
  updateDescription: 'Changes to a network: omitted fields stay as they are, null clears an optional one.',
  fields: {
    slug: slugField,
    kind: { type: NetworkKindEnum, required: true, description: 'What kind of network it is.', update: 'New kind.' },
    status: { type: NetworkStatusEnum, required: true, description: 'Where it stands.', update: 'New status.' },
    pillar: { type: PillarEnum, required: true, description: 'The key task it serves.', update: 'New key task.' },
    name: { type: LocalizedNameInput, required: true, description: 'Its name.', update: 'New name.' },
    description: { type: LocalizedTextInput, description: 'What it is for.', update: 'New description.' },
    establishedOn: { type: 'PartialDate', description: 'When it was set up.', update: 'New date it was set up.' },
    membershipIncomplete: {
      type: 'Boolean',
      default: true,
      description: 'False only when the sources give the whole membership (default true: a membership no source lists is not complete).',
      update: 'Whether members are missing.',
    },
  },
});

defineLinkEntity({
  type: 'NetworkMembership',
  ref: NetworkMembership,
  field: 'membership',
  createDescription: 'An institution joining a network.',
  updateDescription: 'Changes to a membership.',
  ends: {
    network: { node: Network, description: 'The network.' },
    institution: { node: Institution, description: 'The member institution.' },
  },
  role: { type: NetworkRoleEnum, description: 'Its role in the network.' },
});
