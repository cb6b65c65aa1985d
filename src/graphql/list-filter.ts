/**
 * A list's filter declared once: each field of its input type with the condition it adds
 * (src/db/filters.ts), so a new filterable field is one line in its entity's file.
 */
import type { InputFieldMap } from '@pothos/core';
import { BoundValue, derived, listWhere, type Condition } from '../db/filters';
import type { RuledTable } from '../db/visibility';
import { builder } from '../builder';
import type { GlobalIdInput } from './mutations';
import { decodedNodeIdOf } from './relay-arguments';
import type { WritableField } from './write-fields';

export interface FilterField<T> {
  /** The input type: a scalar name, an enum, or a list of one. Not given for `node` fields. */
  type?: unknown;
  /** A global ID of this node type; the condition gets its row ID. */
  node?: WritableField['node'];
  description: string;
  /** The condition a given value adds; omitted fields and empty lists add none. */
  where: Condition<T, never>;
}

/**
 * The filter's input type, its SQL over the (possibly aliased) table for a given filter, and the
 * names of its fields that take a global ID.
 */
/**
 * How the compiled read path may bind a filter's fields as statement parameters
 * (src/graphql/compiled-read.ts), by field: `value` for a field whose condition only binds its
 * value, `{ node }` for a global ID of that type (bound as its decoded row ID). Fields not named
 * decide the statement's SQL by their value. Kept in the input type's `filterBinding` extension.
 */
export type FilterBinding = Record<string, 'value' | { node: string }>;

/** A global ID's row ID, as a node field's condition takes it. */
const rowIdOf = (value: GlobalIdInput | BoundValue) => derived(value, (id: GlobalIdInput) => Number(id.id)) as never;

export function defineListFilter<T>(config: {
  name: string;
  description: string;
  /** Whose public rule every list applies (src/db/visibility.ts). */
  ruled: RuledTable;
  fields: Record<string, FilterField<T>>;
}) {
  const fields = Object.entries(config.fields);
  const filterBinding: FilterBinding = Object.fromEntries(
    fields.filter(([, field]) => field.where.binds).map(([name, field]) => [name, field.node ? { node: field.node.name } : 'value']),
  );
  const input = builder.inputType(config.name, {
    description: config.description,
    extensions: { filterBinding },
    fields: (t) =>
      Object.fromEntries(
        fields.map(([name, field]) => [
          name,
          field.node
            ? t.globalID({ for: field.node, required: false, description: field.description })
            : t.field({ type: field.type as never, required: false, description: field.description } as never),
        ]),
      ) as InputFieldMap,
  });
  const conditions = Object.fromEntries(
    fields.map(([name, field]) => [
      name,
      field.node
        ? (Object.assign(
            (table: T, value: GlobalIdInput | BoundValue, scope: Parameters<Condition<T, never>>[2]) =>
              field.where(table, rowIdOf(value), scope),
            {
              binds: field.where.binds,
              counted: field.where.counted && ((table: T, value: GlobalIdInput | BoundValue, scope: { filter: Record<string, unknown> }) => field.where.counted!(table, rowIdOf(value), scope)),
            },
          ) as Condition<T, never>)
        : field.where,
    ]),
  );
  const nodeFields = fields.filter(([, field]) => field.node).map(([name]) => name);
  /**
   * The filter as Pothos hands it to resolvers, from its raw argument values (the compiled read
   * path's): each global ID decoded. Null when one is not an ID of its field's type, so that the
   * resolvers, which reject it with their own error, answer. A bound ID (`BoundValue`) stands
   * for one the compiled path decoded already, having found it sound.
   */
  const decoded = (filter: Record<string, unknown> | null | undefined): Record<string, unknown> | null | undefined => {
    if (!filter || !nodeFields.some((name) => filter[name] != null)) return filter;
    const result: Record<string, unknown> = { ...filter };
    for (const [name, field] of fields) {
      const value = filter[name];
      if (!field.node || value == null || value instanceof BoundValue) continue;
      const id = decodedNodeIdOf(value, field.node.name);
      if (!id) return null;
      result[name] = id;
    }
    return result;
  };
  return { input, where: listWhere<T>(config.ruled, conditions), nodeFields, decoded };
}
