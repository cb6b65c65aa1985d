/**
 * A list's filter declared once: each field of its input type with the condition it adds
 * (src/db/filters.ts), so a new filterable field is one line in its entity's file.
 */
import type { InputFieldMap } from '@pothos/core';
import { listWhere, type Condition } from '../db/filters';
import type { RuledTable } from '../db/visibility';
import { builder } from '../builder';
import type { GlobalIdInput } from './mutations';
import { decodeCanonicalGlobalID } from './relay-arguments';
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
export function defineListFilter<T>(config: {
  name: string;
  description: string;
  /** Whose public rule every list applies (src/db/visibility.ts). */
  ruled: RuledTable;
  fields: Record<string, FilterField<T>>;
}) {
  const fields = Object.entries(config.fields);
  const input = builder.inputType(config.name, {
    description: config.description,
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
        ? ((table, value: GlobalIdInput, scope) => field.where(table, Number(value.id) as never, scope)) as Condition<T, never>
        : field.where,
    ]),
  );
  const nodeFields = fields.filter(([, field]) => field.node).map(([name]) => name);
  /**
   * The filter as Pothos hands it to resolvers, from its raw argument values (the compiled read
   * path's): each global ID decoded. Null when one is not an ID of its field's type, so that the
   * resolvers, which reject it with their own error, answer.
   */
  const decoded = (filter: Record<string, unknown> | null | undefined): Record<string, unknown> | null | undefined => {
    if (!filter || !nodeFields.some((name) => filter[name] != null)) return filter;
    const result: Record<string, unknown> = { ...filter };
    for (const [name, field] of fields) {
      const value = filter[name];
      if (!field.node || value == null) continue;
      if (typeof value !== 'string') return null;
      let id: GlobalIdInput;
      try {
        id = decodeCanonicalGlobalID(value);
      } catch {
        return null;
      }
      if (id.typename !== field.node.name) return null;
      result[name] = id;
    }
    return result;
  };
  return { input, where: listWhere<T>(config.ruled, conditions), nodeFields, decoded };
}
