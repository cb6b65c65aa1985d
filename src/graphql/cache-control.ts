/**
 * The `@cacheControl` directive that the response cache (@envelop/response-cache) reads from the
 * schema: types carrying `maxAge: 0` make every response that contains them uncacheable.
 */
import { DirectiveLocation, GraphQLDirective, GraphQLInt, specifiedDirectives } from 'graphql';

export const cacheControlDirective = new GraphQLDirective({
  name: 'cacheControl',
  description: 'How long responses containing this type or field may be reused by the server’s response cache.',
  locations: [DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION],
  args: {
    maxAge: { type: GraphQLInt, description: 'Seconds; 0 keeps such responses out of the cache.' },
  },
});

export const schemaDirectives = [...specifiedDirectives, cacheControlDirective];

/**
 * Type extensions for results that move with every write (the change feed): never served from the
 * response cache, however its invalidation works.
 */
export const neverCached = { directives: { cacheControl: { maxAge: 0 } } };
