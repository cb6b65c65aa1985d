/** Seeding institutions: their country by code, and parents once every institution exists. */
import type { SeedInstitution } from '../catalogue/institutions';
import { defineSeeder } from '../seeder';

export const institutionSeeder = defineSeeder<SeedInstitution>({
  name: 'name',
  references: {
    parent: { column: 'parentId', to: 'Institution', what: 'parent institution', deferred: true },
    country: { column: 'countryCode', to: 'Country', what: 'country' },
  },
});
