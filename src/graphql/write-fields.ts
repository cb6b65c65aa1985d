/**
 * Each writable field declared once. An entity lists its writable fields in one table (GraphQL
 * type, descriptions, whether create requires it, its rule, where it is stored); the create input,
 * the update input (every field optional, those that cannot be empty refused as null), and the row,
 * references and link lists a write stores all follow from that table.
 */
import type { InputFieldMap } from '@pothos/core';
import { ENTITIES } from '../db/entities';
import type { RecordLinks, Reference, WritableType } from '../db/writes';
import { builder } from '../builder';
import {
  defineEntityMutations,
  keepRequired,
  LocalizedNameInput,
  LocalizedTextInput,
  localizedChanges,
  localizedValues,
  targetFields,
  type GlobalIdInput,
  type RowRules,
  type WriteFieldBuilder,
  type WriteSpec,
} from './mutations';
import type { Rule } from './rule';

type Row = Record<string, unknown>;
type NodeRef = Parameters<typeof targetFields>[1] & { name: string };

/** One writable field. Its name is the input field's; `column` says where it is stored. */
export interface WritableField {
  /**
   * The input type: a scalar name, an enum, a localised-text input (stored as three columns, one
   * per script) or a list of one of them. Not given for `node` fields.
   */
  type?: unknown;
  /** A global ID of this node type, stored as the row ID in `column` (by default `<name>Id`). */
  node?: NodeRef;
  /** Description in the create input. */
  description: string;
  /** Description in the update input, where it differs from the create one. */
  update?: string;
  /** Create requires it; an update may omit it but not null it. */
  required?: boolean;
  /** Stored when a create omits it; like a required field, an update may not null it. */
  default?: unknown;
  /** The rule a given value must meet (null and omitted values are left to `required`). */
  validate?: Rule;
  /** The column it is stored in; by default its name. */
  column?: string;
  /** The stored value of a given one (e.g. a URL's text). */
  toColumn?: (value: never) => unknown;
  /** Stored as the entity's link list of this name (replaced as a whole) instead of a column. */
  link?: keyof RecordLinks;
  /** Each value names a row of this type that must exist (a country code …). */
  references?: Reference['type'];
  /** Only in the create input: what it links cannot change (a participation's record). */
  createOnly?: boolean;
}

export type WritableFields = Record<string, WritableField>;

interface WritableEntityConfig {
  type: WritableType;
  /** The node's object ref, for `id` inputs and archive/restore. */
  ref: NodeRef;
  /** Payload field name, e.g. `institution`. */
  field: string;
  /** Descriptions of the create and update input types. */
  createDescription: string;
  updateDescription: string;
  fields: WritableFields;
  /** Rules over several fields of an input, as a whole. */
  validate?: { create?: Rule; update?: Rule };
  /**
   * Columns that follow from the input (a record's year from its start date): they fill what the
   * input leaves unset, and given fields win over them.
   */
  implied?: (input: Row) => Row;
  /** Rules over several columns, checked on the row as it would be stored after the write. */
  rowRules?: RowRules;
}

const LOCALIZED_INPUTS: readonly unknown[] = [LocalizedNameInput, LocalizedTextInput];
const isLocalized = (field: WritableField) => LOCALIZED_INPUTS.includes(field.type);
/** Fields whose column cannot be empty. */
const mandatory = (field: WritableField) => field.required === true || field.default !== undefined;

/** The input fields of the table, for a create or an update input. */
function inputFields(t: WriteFieldBuilder, fields: WritableFields, mode: 'create' | 'update'): InputFieldMap {
  const entries = Object.entries(fields)
    .filter(([, field]) => mode === 'create' || !field.createOnly)
    .map(([name, field]) => {
      const required = mode === 'create' && field.required === true;
      const description = mode === 'update' ? (field.update ?? field.description) : field.description;
      if (field.node) return [name, t.globalID({ for: field.node, required, description })];
      const rule = field.validate && (required ? field.validate : field.required ? field.validate.optional() : field.validate.nullish());
      return [name, t.field({ type: field.type as never, required, description, ...(rule ? { validate: rule } : {}) } as never)];
    });
  return Object.fromEntries(entries) as InputFieldMap;
}

const columnOf = (name: string, field: WritableField) => field.column ?? (field.node ? `${name}Id` : name);

/** The stored value of a given (non-null) input value. */
function stored(field: WritableField, value: unknown): unknown {
  if (field.node) return Number((value as GlobalIdInput).id);
  return field.toColumn ? field.toColumn(value as never) : value;
}

/** References an input value makes, checked to exist before writing. */
function referencesOf(name: string, field: WritableField, value: unknown): Reference[] {
  if (value === null || value === undefined) return [];
  if (field.node) return [{ type: field.node.name as Reference['type'], path: ['input', name], id: Number((value as GlobalIdInput).id) }];
  if (!field.references) return [];
  if (Array.isArray(value)) return value.map((id, index) => ({ type: field.references!, path: ['input', name, String(index)], id: id as string }));
  return [{ type: field.references, path: ['input', name], id: value as string }];
}

/**
 * What a create or an update stores. Create: omitted optional fields are stored empty (or as
 * their default). Update: omitted fields stay, null clears, a link list given replaces the old.
 */
function writeSpec(config: WritableEntityConfig, input: Row, mode: 'create' | 'update'): WriteSpec {
  const fallback: Row = {};
  const given: Row = {};
  const references: Reference[] = [];
  const links: RecordLinks = {};
  for (const [name, field] of Object.entries(config.fields)) {
    if (mode === 'update' && field.createOnly) continue;
    const value = input[name];
    references.push(...referencesOf(name, field, value));
    if (field.link) {
      links[field.link] = mode === 'update' && value === null ? [] : ((value ?? undefined) as readonly string[] | undefined);
    } else if (isLocalized(field)) {
      if (mode === 'create') Object.assign(value == null ? fallback : given, localizedValues(name, (value ?? null) as never));
      else Object.assign(given, localizedChanges(name, value as never));
    } else if (value != null) {
      given[columnOf(name, field)] = stored(field, value);
    } else if (mode === 'create') {
      fallback[columnOf(name, field)] = field.default ?? null;
    } else if (value === null) {
      given[columnOf(name, field)] = null;
    }
  }
  const values = { ...fallback, ...config.implied?.(input), ...given };
  return { values, references, links };
}

/**
 * create<Type>, update<Type>, archive<Type> and restore<Type> of an entity, with inputs and row
 * mapping derived from its field table.
 */
export function defineWritableEntity(config: WritableEntityConfig): void {
  const { type, ref, fields } = config;
  const { noun } = ENTITIES[type];
  const requiredOnUpdate = Object.entries(fields)
    .filter(([, field]) => !field.createOnly && mandatory(field))
    .map(([name]) => name);
  const createInput = builder.inputType(`Create${type}Input`, {
    description: config.createDescription,
    fields: (t) => inputFields(t, fields, 'create'),
    ...(config.validate?.create ? { validate: config.validate.create } : {}),
  });
  const updateInput = builder.inputType(`Update${type}Input`, {
    description: config.updateDescription,
    fields: (t) => ({ ...targetFields(t, ref, noun), ...inputFields(t, fields, 'update') }),
    validate: keepRequired(requiredOnUpdate, config.validate?.update),
  });
  defineEntityMutations({
    type,
    ref,
    field: config.field,
    createInput: createInput as never,
    updateInput: updateInput as never,
    rowRules: config.rowRules,
    toCreate: (input) => writeSpec(config, input, 'create'),
    toUpdate: (input) => writeSpec(config, input, 'update'),
  });
}

/**
 * A link entity (an institution's participation in a record, its membership of a network): the two
 * rows it links, fixed at creation, and the role, which an update may change.
 */
export function defineLinkEntity(config: {
  type: WritableType;
  ref: NodeRef;
  field: string;
  createDescription: string;
  updateDescription: string;
  /** The two linked rows, as their create input fields. */
  ends: Record<string, { node: NodeRef; description: string }>;
  role: { type: unknown; description: string };
}): void {
  const ends = Object.fromEntries(
    Object.entries(config.ends).map(([name, end]) => [name, { ...end, required: true, createOnly: true }]),
  ) as WritableFields;
  defineWritableEntity({
    ...config,
    fields: { ...ends, role: { ...config.role, required: true, update: 'New role.' } },
  });
}
