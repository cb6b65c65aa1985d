/** The entry point for newcomers: the base itself. */
import { eq } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { builder } from '../builder';
import type { institutions } from '../db/schema';
import type { RootObject } from './compiled-read';

/** Slug of the base's own institution record. */
export const BASE_SLUG = 'bpic';

/** The base's row, on both read paths. */
const baseRow = {
  table: 'institutions',
  where: (table: SQLiteTable) => eq((table as typeof institutions).slug, BASE_SLUG),
} satisfies RootObject;

builder.queryField('base', (t) =>
  t.drizzleField({
    type: 'institutions',
    description:
      'The BRICS Partnership on New Industrial Revolution (PartNIR) Innovation Center in Xiamen (金砖创新基地) itself.',
    extensions: { sqlRead: { rootObject: baseRow } },
    resolve: async (query, _root, _args, context) => {
      const base = await context.db.query.institutions.findFirst(query({ where: { RAW: (table) => baseRow.where(table) } }));
      if (!base) throw new Error('The base record is missing; run the seed.');
      return base;
    },
  }),
);
