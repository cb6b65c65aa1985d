/** The entry point for newcomers: the base itself. */
import { builder } from '../builder';

/** Slug of the base's own institution record. */
export const BASE_SLUG = 'bpic';

builder.queryField('base', (t) =>
  t.drizzleField({
    type: 'institutions',
    description:
      'The BRICS Partnership on New Industrial Revolution (PartNIR) Innovation Center in Xiamen (金砖创新基地) itself.',
    resolve: async (query, _root, _args, context) => {
      const base = await context.db.query.institutions.findFirst(query({ where: { slug: BASE_SLUG } }));
      if (!base) throw new Error('The base record is missing; run the seed.');
      return base;
    },
  }),
);
