/**
 * What a compiled plan (src/graphql/compiled-read.ts) depends on among an operation's variables,
 * so that one plan answers every request whose variables would compile to the same statement —
 * not only the values it was first compiled for. A load that asks for a different record or page
 * each time would otherwise compile (and analyse) the operation again on every request.
 *
 * While a plan compiles, every variable it reads is recorded: reading a value can decide the
 * statement's shape (a page size, a filter given or not, an `@include`), so a recorded variable
 * keys the plan by its whole value. Two kinds of value are read differently, because only part
 * of them decides the shape and the rest is a value the statement binds:
 * - a global ID (`node(id: $id)`): its type and whether its key is canonical decide the shape; the
 *   key itself is a statement parameter;
 * - a keyset cursor (`after: $cursor`): whether it is well formed and the kinds of the values it
 *   holds decide the shape; the values are parameters;
 * - a list filter, whole (`filter: $filter`) or by field (`filter: { yearFrom: $from }`): which
 *   fields are given or null, how many values a list holds, each value's kind and whether a
 *   global ID is sound decide the shape; the values of fields whose SQL only binds them are
 *   parameters (src/graphql/list-filter.ts `FilterBinding`), the others key by value.
 * Those variables key the plan by that part only (their projection), and the statement reads the
 * rest through placeholders filled from each request's variables. A variable read both ways keys
 * by its whole value. The compile is a deterministic function of what it read, so a request that
 * agrees with a plan on every recorded read compiles to that plan.
 */
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { getVariableValues, type GraphQLSchema, type VariableDefinitionNode } from 'graphql';

type Coerced = ReturnType<typeof getVariableValues>;
const coercions = new WeakMap<object, { definitions: readonly VariableDefinitionNode[]; coerced: Coerced }>();

/**
 * A request's variables as graphql-js coerces them for an operation's definitions, worked out
 * once per request: the cost analysis and the plan both need them.
 */
export function coercedVariables(schema: GraphQLSchema, definitions: readonly VariableDefinitionNode[], variables: Record<string, unknown>): Coerced {
  const known = coercions.get(variables);
  if (known?.definitions === definitions) return known.coerced;
  const coerced = getVariableValues(schema, definitions, variables);
  coercions.set(variables, { definitions, coerced });
  return coerced;
}

/** The part of a variable's value that decides a statement's shape, as a key. */
export type Projection = (value: unknown) => string;

/** How a placeholder's value is worked out from a request's (coerced) variables. */
type Derivation = (variables: Record<string, unknown>) => unknown;

const ABSENT = '\u0001';

/** A value as part of a plan key: its JSON, or a mark for a variable not given at all. */
const keyPart = (value: unknown) => (value === undefined ? ABSENT : JSON.stringify(value));

export class VariableReads {
  private readonly exact = new Set<string>();
  private readonly projected = new Map<string, Projection>();
  private readonly derivations = new Map<string, Derivation>();
  private quiet: ReadonlySet<string> = new Set();
  /** The variables as the compile reads them: every read is recorded. */
  readonly variables: Record<string, unknown>;

  constructor(values: Record<string, unknown>) {
    const record = (property: string | symbol) => {
      if (typeof property === 'string' && !this.quiet.has(property)) this.exact.add(property);
    };
    this.variables = new Proxy(values, {
      get: (target, property) => {
        record(property);
        return Reflect.get(target, property);
      },
      has: (target, property) => {
        record(property);
        return Reflect.has(target, property);
      },
      getOwnPropertyDescriptor: (target, property) => {
        record(property);
        return Reflect.getOwnPropertyDescriptor(target, property);
      },
      ownKeys: (target) => {
        for (const name of Object.keys(target)) record(name);
        return Reflect.ownKeys(target);
      },
    });
  }

  /**
   * Runs `read` (e.g. graphql-js' `getArgumentValues`) without recording the `projected`
   * variables, which the caller then reads through `project`.
   */
  readingApart<T>(projected: ReadonlySet<string>, read: () => T): T {
    const before = this.quiet;
    this.quiet = projected;
    try {
      return read();
    } finally {
      this.quiet = before;
    }
  }

  /** Keys the plan by the projection of `name` (a variable read apart). */
  project(name: string, projection: Projection): void {
    const known = this.projected.get(name);
    // The same variable read as two kinds of value: its whole value decides.
    if (known && known !== projection) this.exact.add(name);
    else this.projected.set(name, projection);
  }

  /** A statement parameter whose value each request works out from its variables. */
  placeholder(derive: Derivation): SQL {
    const name = `v${this.derivations.size}`;
    this.derivations.set(name, derive);
    return sql`${sql.placeholder(name)}`;
  }

  /** What a plan compiled with these reads is keyed by. */
  dependencies(): PlanDependencies {
    const exact = [...this.exact].sort();
    const projected = [...this.projected].filter(([name]) => !this.exact.has(name)).sort(([a], [b]) => (a < b ? -1 : 1));
    return new PlanDependencies(exact, projected, new Map(this.derivations));
  }
}

/** The variables a plan was keyed by, and how its placeholders are filled. */
export class PlanDependencies {
  /** Names and projections, to tell plans with the same dependencies apart by their keys alone. */
  readonly signature: string;

  constructor(
    private readonly exact: readonly string[],
    private readonly projected: readonly (readonly [string, Projection])[],
    private readonly derivations: ReadonlyMap<string, Derivation>,
  ) {
    this.signature = JSON.stringify([exact, projected.map(([name]) => name)]);
  }

  /** Whether `other` keys by the same variables in the same ways. */
  sameAs(other: PlanDependencies): boolean {
    return (
      this.signature === other.signature &&
      this.projected.every(([, projection], index) => other.projected[index]![1] === projection)
    );
  }

  /** The key of a request's variables among plans with these dependencies. */
  keyOf(variables: Record<string, unknown>): string {
    let key = '';
    for (const name of this.exact) key += `${keyPart(variables[name])}\u0000`;
    // As JSON, so that no value can spell the separator.
    for (const [name, projection] of this.projected) key += `${JSON.stringify(projection(variables[name]))}\u0000`;
    return key;
  }

  get placeholders(): boolean {
    return this.derivations.size > 0;
  }

  /** The statement's parameters for a request: the plan's, with its placeholders filled. */
  parameters(params: readonly unknown[], variables: Record<string, unknown>): unknown[] {
    if (this.derivations.size === 0) return params as unknown[];
    const values: Record<string, unknown> = {};
    for (const [name, derive] of this.derivations) values[name] = derive(variables);
    return fillPlaceholders(params as never, values);
  }
}
