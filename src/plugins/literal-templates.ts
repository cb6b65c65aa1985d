/**
 * Literal templates for prepared reads. A client that writes its values into the query text
 * (`node(id: "…")`, `records(first: 5, filter: { kinds: [EVENT] })`) sends a new text with every
 * value, and a text the server has not seen pays parsing, validation, cost analysis and a compile
 * on the whole way — several times what answering it costs. Here such a text is reduced to its
 * template: every field argument written wholly in literals becomes a variable of the argument's
 * own type, so texts that differ only in those values share one document, its plans and the lane.
 *
 * Exactness: a template is built once, from the first text the whole way answered, and used only
 * when each of its arguments holds literals of the same kinds (string, integer, enum, list of…,
 * object with the same fields), for which a variable of the argument's type is coerced to the
 * value the literal gives. Anything that could differ — a value that does not coerce, an integer
 * past 2^53, a literal of a custom scalar that is not a string — makes the lane hand the request
 * to the whole way, which reports on the text as it was sent.
 */
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  parse,
  parseType,
  specifiedScalarTypes,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type SelectionSetNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { LIMITS } from '../limits';

/** Names of the variables that stand for literals; a text that already uses the prefix has no template. */
const PREFIX = '_literal';

/** A text's template: the key texts with the same template share, and the values its literals stand for. */
export interface LiteralTemplate {
  key: string;
  values: Record<string, unknown>;
}

const BUILT_IN_SCALARS = new Set(specifiedScalarTypes.map((type) => type.name));
const INTEGER = /^-?(?:0|[1-9]\d*)$/;

/**
 * Written wholly in literals a variable carries exactly: an integer past 2^53 (or -0) would not
 * print back as its digits, so it stays in the text, where the whole way reports on it.
 */
function isLiteral(value: ValueNode): boolean {
  switch (value.kind) {
    case Kind.VARIABLE:
      return false;
    case Kind.INT:
      return INTEGER.test(value.value) && Number.isSafeInteger(Number(value.value)) && !Object.is(Number(value.value), -0);
    case Kind.LIST:
      return value.values.every(isLiteral);
    case Kind.OBJECT:
      return value.fields.every((field) => isLiteral(field.value));
    default:
      return true;
  }
}

/** What a literal's kinds are, which decides whether its template applies: values left out. */
function skeleton(value: ValueNode): string {
  switch (value.kind) {
    case Kind.LIST:
      return `[${[...new Set(value.values.map(skeleton))].sort().join(',')}]`;
    case Kind.OBJECT:
      return `{${value.fields.map((field) => `${field.name.value}:${skeleton(field.value)}`).join(',')}}`;
    default:
      return value.kind;
  }
}

/** The value a variable needs to give what the literal gives (a literal `isLiteral` accepted). */
function valueOf(value: ValueNode): unknown {
  switch (value.kind) {
    case Kind.INT:
    case Kind.FLOAT:
      return Number(value.value);
    case Kind.STRING:
    case Kind.ENUM:
    case Kind.BOOLEAN:
      return value.value;
    case Kind.LIST:
      return value.values.map(valueOf);
    case Kind.OBJECT:
      return Object.fromEntries(value.fields.map((field) => [field.name.value, valueOf(field.value)]));
    default:
      // A null; never a variable, which `isLiteral` turned away.
      return null;
  }
}

/** A parsed text with one query operation (and its fragments) and no variable named like ours, else null. */
function parsedQuery(query: string): DocumentNode | null {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: LIMITS.maxTokens });
  } catch {
    return null;
  }
  let operations = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) continue;
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'query') return null;
    operations += 1;
    if (definition.variableDefinitions?.some((variable) => variable.variable.name.value.startsWith(PREFIX))) return null;
  }
  return operations === 1 ? document : null;
}

/**
 * The arguments that become variables, in document order: a field's argument written wholly in
 * literals (not a bare null, which stays in the text). A walk of its own, not `visit`: it runs on
 * every request that may have a template, and the generic visitor cost as much as the parse.
 */
function slotsOf(document: DocumentNode): ArgumentNode[] {
  const slots: ArgumentNode[] = [];
  const walk = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        for (const argument of selection.arguments ?? []) if (argument.value.kind !== Kind.NULL && isLiteral(argument.value)) slots.push(argument);
      }
      if (selection.kind !== Kind.FRAGMENT_SPREAD) walk(selection.selectionSet);
    }
  };
  for (const definition of document.definitions) if (definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION) walk(definition.selectionSet);
  return slots;
}

/**
 * A text's template, or null when it has none (no literal arguments, not one query operation, a
 * syntax error). Cheap enough to run per request.
 */
export function literalTemplate(query: string): LiteralTemplate | null {
  const document = parsedQuery(query);
  if (!document) return null;
  const slots = slotsOf(document);
  if (slots.length === 0) return null;
  const values: Record<string, unknown> = {};
  let key = '';
  let copied = 0;
  const kinds: string[] = [];
  slots.forEach((slot, index) => {
    values[`${PREFIX}${index}`] = valueOf(slot.value);
    key += `${query.slice(copied, slot.value.loc!.start)}$${PREFIX}${index}`;
    copied = slot.value.loc!.end;
    kinds.push(skeleton(slot.value));
  });
  return { key: `${key}${query.slice(copied)}\u0000${kinds.join('\u0001')}`, values };
}

/** Whether a variable of `type` given `valueOf(literal)` is coerced to what the literal gives. */
function carries(type: GraphQLInputType, literal: ValueNode): boolean {
  if (isNonNullType(type)) return literal.kind !== Kind.NULL && carries(type.ofType, literal);
  if (literal.kind === Kind.NULL) return true;
  if (isListType(type)) return literal.kind === Kind.LIST ? literal.values.every((item) => carries(type.ofType, item)) : carries(type.ofType, literal);
  if (isInputObjectType(type)) {
    if (literal.kind !== Kind.OBJECT) return false;
    const fields = type.getFields();
    return literal.fields.every((field) => fields[field.name.value] !== undefined && carries(fields[field.name.value]!.type, field.value));
  }
  if (isEnumType(type)) return literal.kind === Kind.ENUM;
  if (!isScalarType(type)) return false;
  switch (type.name) {
    case 'Int':
      return literal.kind === Kind.INT;
    case 'Float':
      return literal.kind === Kind.INT || literal.kind === Kind.FLOAT;
    case 'Boolean':
      return literal.kind === Kind.BOOLEAN;
    case 'ID':
      return literal.kind === Kind.STRING || literal.kind === Kind.INT;
    case 'String':
      return literal.kind === Kind.STRING;
    default:
      // The schema's own scalars read a string literal as they read a string value.
      return !BUILT_IN_SCALARS.has(type.name) && literal.kind === Kind.STRING;
  }
}

/**
 * The document a template stands for: the text with its literal arguments as variables of their
 * arguments' types, validated against the schema; null when an argument's literal could not be
 * carried exactly by a variable, or the result does not validate. Built once per template.
 */
export function templateDocument(schema: GraphQLSchema, query: string): DocumentNode | null {
  const document = parsedQuery(query);
  if (!document) return null;
  const slots = new Map(slotsOf(document).map((slot, index) => [slot, index]));
  if (slots.size === 0) return null;
  const types: GraphQLInputType[] = [];
  const typeInfo = new TypeInfo(schema);
  let exact = true;
  const hoisted = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const index = slots.get(node);
        if (index === undefined) return undefined;
        const type = typeInfo.getArgument()?.type;
        if (!type || !carries(type, node.value)) {
          exact = false;
          return undefined;
        }
        types[index] = type;
        return { ...node, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `${PREFIX}${index}` } } };
      },
    }),
  );
  if (!exact || types.length !== slots.size) return null;
  const withVariables = visit(hoisted, {
    OperationDefinition(node) {
      const added = types.map((type, index) => ({
        kind: Kind.VARIABLE_DEFINITION,
        variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: `${PREFIX}${index}` } },
        type: parseType(String(type)),
      }));
      return { ...node, variableDefinitions: [...(node.variableDefinitions ?? []), ...added] };
    },
  }) as DocumentNode;
  return validate(schema, withVariables).length === 0 ? withVariables : null;
}
