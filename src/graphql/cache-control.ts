/**
 * The `@cacheControl` directive that the response cache (@envelop/response-cache) reads from the
 * executed schema: types carrying `maxAge: 0` make every response containing them uncacheable.
 * It is a server setting, so it is added to the schema the server runs (src/plugins/change-feed.ts)
 * and stays out of the published SDL.
 */
import { DirectiveLocation, GraphQLDirective, GraphQLInt, GraphQLSchema } from 'graphql';

export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  description: 'How long responses containing this type or field may be reused by the server’s response cache.',
  locations: [DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION],
  args: {
    maxAge: { type: GraphQLInt, description: 'Seconds; 0 keeps such responses out of the cache.' },
  },
});

/** The same schema (the same type objects) with the directive defined. */
export function withCacheControlDirective(schema: GraphQLSchema): GraphQLSchema {
  if (schema.getDirective(cacheControlDirective.name)) return schema;
  const config = schema.toConfig();
  return new GraphQLSchema({ ...config, directives: [...config.directives, cacheControlDirective] });
}

/**
 * Type extensions for results that move with every write (the change feed): never served from the
 * response cache, however its invalidation works.
 */
export const neverCached = { directives: { cacheControl: { maxAge: 0 } } };
