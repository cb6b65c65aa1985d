/** The `roles:` argument of every connection of participations (a record's, an institution's). */
import { builder } from '../builder';
import type { ParticipantRole } from '../db/enums';
import { ParticipantRoleEnum } from './enums';

/** Spread into a `relatedConnection` over participations: its `roles` argument and the query it makes. */
export const participationsByRole = {
  args: builder.args((t) => ({
    roles: t.field({ type: [ParticipantRoleEnum], required: false, description: 'Only these roles.' }),
  })),
  query: (args: { roles?: readonly ParticipantRole[] | null }) => ({
    where: args.roles && args.roles.length > 0 ? { role: { in: [...args.roles] } } : {},
    orderBy: { id: 'asc' as const },
  }),
};
