/**
 * Relational queries (`db.query.<table>.findMany/findFirst`, the resolvers' and plugin-drizzle's
 * reads) nest a subquery or two per relation in one statement, and SQLite's parser has a fixed
 * stack (100 entries in the libSQL build): five or six relations deep, with the visibility rules'
 * subqueries and counts, a selection within the GraphQL depth limit was refused with "parser stack
 * overflow" and answered INTERNAL_SERVER_ERROR. (Compiled reads build their statements another
 * way: src/db/json-read.ts.)
 *
 * Here a relational query more than `SAFE_NESTED_RELATIONS` levels deep whose statement is
 * estimated to overflow the stack (src/db/parser-depth.ts) drops its deepest level of `with` until
 * it fits. Relations cut are simply not on the rows, and every field that reads a relation checks
 * that its data is there (plugin-drizzle's `pothosDrizzleLoaded`) and otherwise loads it by its
 * parent's key, in a query of its own that is cut the same way: a deep selection costs another
 * statement per few levels, and its answer is the same.
 */
import type { Database } from './client';
import { PARSER_STACK_ENTRIES, parserDepth } from './parser-depth';

/** Levels of `with` that parse whatever they hold (every visibility rule and count): never cut, never estimated. */
const SAFE_NESTED_RELATIONS = 3;

type QueryConfig = { with?: Record<string, unknown> } & Record<string, unknown>;

/** Levels of relations below `config`. */
function relationLevels(config: unknown): number {
  const relations = config && typeof config === 'object' ? (config as QueryConfig).with : undefined;
  if (!relations) return 0;
  let deepest = 0;
  for (const nested of Object.values(relations)) deepest = Math.max(deepest, relationLevels(nested));
  return deepest + 1;
}

/** `config` with at most `levels` levels of relations below it. */
function cutRelations(config: unknown, levels: number): unknown {
  if (!config || typeof config !== 'object') return config;
  const { with: relations, ...rest } = config as QueryConfig;
  if (!relations) return config;
  if (levels <= 0) return rest;
  const kept: Record<string, unknown> = {};
  for (const [name, nested] of Object.entries(relations)) kept[name] = nested === true ? true : cutRelations(nested, levels - 1);
  return { ...rest, with: kept };
}

type Finder = (config?: unknown) => { toSQL(): { sql: string } };

/** The query `find` builds from `config`, its deepest relations cut until its statement fits `stackEntries`. */
function fitted(find: (config: unknown) => ReturnType<Finder>, config: unknown, stackEntries: number): ReturnType<Finder> {
  let levels = relationLevels(config);
  let query = find(config);
  while (levels > SAFE_NESTED_RELATIONS && parserDepth(query.toSQL().sql) > stackEntries) {
    levels -= 1;
    query = find(cutRelations(config, levels));
  }
  return query;
}

/**
 * The database with its relational queries cut to what SQLite parses (everything else as it is).
 * `stackEntries` is SQLite's; tests give less, to cut shallower selections.
 */
export function withRelationalDepth<T extends Database>(db: T, stackEntries = PARSER_STACK_ENTRIES): T {
  const tables = new Map<PropertyKey, unknown>();
  const query = new Proxy(db.query, {
    get(target, table, receiver) {
      const builder = Reflect.get(target, table, receiver) as Record<string, unknown> | undefined;
      if (!builder || typeof builder !== 'object') return builder;
      let wrapped = tables.get(table);
      if (!wrapped) {
        wrapped = new Proxy(builder, {
          get(inner, method, innerReceiver) {
            const value = Reflect.get(inner, method, innerReceiver) as unknown;
            if ((method !== 'findMany' && method !== 'findFirst') || typeof value !== 'function') return value;
            return (config?: unknown) => fitted((fitting) => (value as Finder).call(inner, fitting), config, stackEntries);
          },
        });
        tables.set(table, wrapped);
      }
      return wrapped;
    },
  });
  return new Proxy(db, {
    get(target, property, receiver) {
      return property === 'query' ? query : Reflect.get(target, property, receiver);
    },
  });
}
