/**
 * Query cost, computed once per operation (after variables are known, so `first: $n` counts) and
 * used for the cost limit, the node limit, the rate limit and `extensions.cost`.
 */
import {
  type FieldNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { COST_MODEL, LIMITS } from '../limits';
import { coercedVariables } from '../graphql/plan-variables';
import { withRootSelections } from '../graphql/compiled-read';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

export interface OperationCost {
  /** Upper bound of the objects the operation can return (Shopify's requested cost). */
  requested: number;
  /** Nodes requested across all connections and lists (GitHub's node limit). */
  nodes: number;
}

/** A connection type, or a forward-only page shaped like one (the change feed, the sync snapshot). */
function isPageType(type: GraphQLNamedType): boolean {
  return type.name.endsWith('Connection') || (isObjectType(type) && 'pageInfo' in type.getFields());
}

function isConnectionField({ field }: ComplexityEstimatorArgs): boolean {
  if (!field.args.some((arg) => arg.name === 'first')) return false;
  return field.args.some((arg) => arg.name === 'last') || isPageType(getNamedType(field.type));
}

/** Page size a connection asks for, clamped: out-of-range values are rejected by validation. */
function pageSize(args: Record<string, unknown>): number {
  const requested = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : LIMITS.defaultPageSize;
  return Math.min(Math.max(requested, 0), LIMITS.maxPageSize);
}

/** How many items a list-valued field can hold: `nodes(ids:)` its IDs, other lists an estimate. */
function listSize({ field, args, type }: ComplexityEstimatorArgs): number | undefined {
  if (!isListType(getNullableType(field.type))) return undefined;
  // A connection's `edges`/`nodes` are already multiplied by the connection's page size.
  if (isPageType(type)) return 1;
  if (Array.isArray(args.ids)) return Math.min(args.ids.length, LIMITS.maxNodeIds);
  return COST_MODEL.listEstimate;
}

const costEstimator: ComplexityEstimator = (options) => {
  const { field, childComplexity } = options;
  if (INTROSPECTION_FIELDS.has(field.name)) return COST_MODEL.introspectionCost;
  if (!isCompositeType(getNamedType(field.type))) return COST_MODEL.scalarCost;
  if (isConnectionField(options)) return COST_MODEL.objectCost + pageSize(options.args) * childComplexity;
  return (listSize(options) ?? 1) * (COST_MODEL.objectCost + childComplexity);
};

const nodeEstimator: ComplexityEstimator = (options) => {
  const { field, childComplexity } = options;
  if (INTROSPECTION_FIELDS.has(field.name)) return 0;
  if (!isCompositeType(getNamedType(field.type))) return 0;
  if (isConnectionField(options)) return pageSize(options.args) * (1 + childComplexity);
  const size = listSize(options);
  if (size === undefined || isPageType(options.type)) return childComplexity;
  return size * (1 + childComplexity);
};

/**
 * Requested cost and nodes of the operation that will run. Throws a GraphQLError when variables
 * do not coerce or the document is too large to analyse; callers let execution report the former.
 */
export function analyzeOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): OperationCost {
  // The same document with variables of the same shape costs the same: analysed once (two full
  // walks of the document with type info), not on every request. Documents are cached by yoga's parser.
  let bySchema = analyses.get(schema);
  if (!bySchema) analyses.set(schema, (bySchema = new WeakMap()));
  let byVariables = bySchema.get(document);
  if (!byVariables) bySchema.set(document, (byVariables = new Map()));
  const key = `${operationName ?? ''}\u0000${variablesKey(schema, document, variables, operationName)}`;
  let analysis = byVariables.get(key);
  if (!analysis) {
    try {
      analysis = { cost: analyzeUncached(schema, document, variables, operationName) };
    } catch (error) {
      analysis = { error };
    }
    if (byVariables.size >= 64) byVariables.clear();
    byVariables.set(key, analysis);
  }
  if ('error' in analysis) throw analysis.error;
  return analysis.cost;
}

const analyses = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, { cost: OperationCost } | { error: unknown }>>>();

/** A text stands for its kind: a cost reads numbers (page sizes), booleans (`@include`) and list lengths (`ids`), never a text. */
const textsAsKind = (_key: string, value: unknown) => (typeof value === 'string' ? '' : value);

/**
 * What of the variables a cost depends on. Variables that coerce key by their shape (another ID,
 * cursor or search term costs the same); any others by their whole value, since they make the
 * analysis fail (execution reports them) and a valid value must not share their key.
 */
function variablesKey(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): string {
  if (!variables) return '';
  const definitions = getOperationAST(document, operationName)?.variableDefinitions;
  const coerces = !!definitions && !coercedVariables(schema, definitions, variables).errors;
  return coerces ? `s${JSON.stringify(variables, textsAsKind)}` : `v${JSON.stringify(variables)}`;
}

function analyzeUncached(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): OperationCost {
  const common = { schema, query: document, variables: variables ?? {}, operationName, maxQueryNodes: 10_000 };
  return {
    requested: Math.ceil(getComplexity({ ...common, estimators: [costEstimator] })),
    nodes: Math.ceil(getComplexity({ ...common, estimators: [nodeEstimator] })),
  };
}

/**
 * Field selections in the document once every fragment is expanded, counted with one memo per
 * fragment: linear in the document, so an exponential fragment bomb is measured, not expanded.
 */
export function expandedSelections(document: DocumentNode): number {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const memo = new Map<string, number>();
  const count = (selectionSet: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) total += 1 + count(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) total += count(selection.selectionSet);
      else {
        const name = selection.name.value;
        if (!memo.has(name)) {
          // A cycle counts as empty here; validation rejects it.
          memo.set(name, 0);
          memo.set(name, count(fragments.get(name)?.selectionSet));
        }
        total += memo.get(name)!;
      }
      if (total > Number.MAX_SAFE_INTEGER / 4) return total;
    }
    return total;
  };
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) total += count(definition.selectionSet);
  }
  return total;
}

/** The root fields of an operation, through inline fragments and fragment spreads (each spread once). */
function rootFields(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const fields: FieldNode[] = [];
  const seen = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        fields.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return fields;
}

/** Response keys of the introspection fields at the root of the operation. */
function introspectionKeys(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  return new Set(
    rootFields(document, operation)
      .filter((field) => INTROSPECTION_FIELDS.has(field.name.value))
      .map((field) => field.alias?.value ?? field.name.value),
  );
}

function countObjects(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + countObjects(item), 0);
  if (value === null || typeof value !== 'object') return 0;
  let count = COST_MODEL.objectCost;
  for (const child of Object.values(value)) count += countObjects(child);
  return count;
}

/** Cost of what was returned: one point per object, introspection at its flat price. */
export function actualCost(
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  data: Record<string, unknown> | null | undefined,
): number {
  if (!data) return 0;
  const introspection = operation ? introspectionKeys(document, operation) : new Set<string>();
  let cost = 0;
  for (const [key, value] of Object.entries(data)) {
    cost += introspection.has(key) ? (value == null ? 0 : COST_MODEL.introspectionCost) : countObjects(value);
  }
  return cost;
}

/** The budget field: selected at the root, it reports the caller's points; with `dryRun: true` only it runs. */
export const RATE_LIMIT_FIELD = 'rateLimit';

/** Root fields of the operation named `name`, through inline fragments and fragment spreads. */
export function rootFieldsNamed(document: DocumentNode, operation: OperationDefinitionNode, name: string): FieldNode[] {
  return rootFields(document, operation).filter((field) => field.name.value === name);
}

/** Whether a root `rateLimit(dryRun: true)` (literal or variable) asks to price the operation without running it. */
export function isDryRun(
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown> | null | undefined,
): boolean {
  if (!operation || operation.operation !== 'query') return false;
  return rootFieldsNamed(document, operation, RATE_LIMIT_FIELD).some((field) => {
    const value = field.arguments?.find((argument) => argument.name.value === 'dryRun')?.value;
    if (value?.kind === Kind.BOOLEAN) return value.value;
    if (value?.kind === Kind.VARIABLE) return variables?.[value.name.value] === true;
    return false;
  });
}

/** The operation reduced to its `rateLimit` fields, for a dry run. */
export function onlyRateLimit(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  return withRootSelections(document, operation, rootFieldsNamed(document, operation, RATE_LIMIT_FIELD));
}
