/**
 * The visibility rule (src/db/visibility.ts) for to-one relations. Lists and connections apply it
 * in SQL; a to-one relation applies it to the row it loaded instead, because one more condition in
 * every nested subquery would push the deepest queries the depth limit allows past SQLite's parser
 * limit. A relation that leads to a row the caller may not see answers null.
 */
import { getNullableType, isListType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { archivedVisible } from '../db/visibility';

const hidden = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'archivedAt' in value && value.archivedAt != null && !archivedVisible();

/** Wraps every to-one relation field of `schema` (in place) so that invisible targets are null. */
export function hideInvisibleRelationTargets(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.extensions?.pothosDrizzleLoaded || isListType(getNullableType(field.type)) || !field.resolve) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve;
      field.resolve = (...args) => {
        const value = resolve(...args);
        if (value instanceof Promise) return value.then((loaded) => (hidden(loaded) ? null : loaded));
        return hidden(value) ? null : value;
      };
    }
  }
  return schema;
}
