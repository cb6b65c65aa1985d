/**
 * What a plan target's progress counts, as SQL over the target's id: its public branch centres
 * and records, how many of them have happened, and how many of those rest on an INFERRED
 * citation. Counted in the statement, so a target with many linked items costs a count of them,
 * never the list of them (a target linked to 50k records: 303 ms to list their statuses and
 * citations as JSON in SQLite, recomputed under every row of a page that shows the target).
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { getTableAsAliasSQL } from 'drizzle-orm/relations';
import { alias } from 'drizzle-orm/sqlite-core';
import { branchCentres, citations, records } from './schema';
import { publicRow } from './visibility';

/** Statuses of linked items that have happened; the others are still planned. */
const HAPPENED_STATUSES = {
  branchCentres: ['LAUNCHED', 'OPERATING'],
  records: ['ONGOING', 'COMPLETED'],
} as const;

/** `[linked, happened, happened on an inference]` of one kind of item, as a JSON array. */
function linkedCounts(kind: 'branchCentres' | 'records', targetId: SQLWrapper): SQL {
  const item = kind === 'branchCentres' ? alias(branchCentres, 'progress_centre') : alias(records, 'progress_record');
  const citedBy = kind === 'branchCentres' ? citations.branchCentreId : citations.recordId;
  const happened = sql`${item.status} IN (${sql.join(
    HAPPENED_STATUSES[kind].map((status) => sql`${status}`),
    sql`, `,
  )})`;
  const inferred = sql`EXISTS (SELECT 1 FROM ${citations} WHERE ${citedBy} = ${item.id} AND ${citations.basis} = 'INFERRED')`;
  return sql`(SELECT json_array(count(*), count(*) FILTER (WHERE ${happened}), count(*) FILTER (WHERE ${happened} AND ${inferred}))
    FROM ${getTableAsAliasSQL(item as never)} WHERE ${item.targetId} = ${targetId} AND ${publicRow(kind, item)})`;
}

/** plugin-drizzle `extras` of a target: each kind's counts (JSON text), by these names. */
export const PROGRESS_COUNTS = { branchCentres: '_progressCentres', records: '_progressRecords' } as const;

export const planProgressExtras = {
  [PROGRESS_COUNTS.branchCentres]: (table: { id: SQLWrapper }) => linkedCounts('branchCentres', table.id),
  [PROGRESS_COUNTS.records]: (table: { id: SQLWrapper }) => linkedCounts('records', table.id),
};

/** One kind's counts from its JSON text (`linkedCounts`). */
export function linkedCountsFromJson(json: string): { linked: number; happened: number; inferred: number } {
  const [linked, happened, inferred] = JSON.parse(json) as [number, number, number];
  return { linked, happened, inferred };
}
