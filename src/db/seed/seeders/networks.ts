/** Seeding networks: their members, and whether the sources give the whole membership. */
import { networkMembers } from '../../schema';
import type { SeedNetwork } from '../catalogue/networks';
import { defineSeeder } from '../seeder';

export const networkSeeder = defineSeeder<SeedNetwork>({
  name: 'name',
  links: [
    {
      table: networkMembers,
      column: 'networkId',
      rows: (item, resolve) =>
        (item.members ?? []).map((member) => ({ institutionId: resolve('Institution', member.institution), role: member.role })),
    },
  ],
  facts: (item, facts) => {
    facts.date('establishedOn', item.establishedOn);
    for (const member of item.members ?? []) facts.reference('member', member.institution, 'Institution');
    if ((item.members ?? []).length === 0 && !item.membershipIncomplete) {
      facts.problem('fidelity', 'no source names its members, so its membership must be marked incomplete');
    }
  },
});
