/**
 * What every entity's mutations share: the Mutation type, localised-text inputs, zod rules, and
 * `defineEntityMutations`, which builds create / update / archive / restore with Relay-style
 * input and payload types, the `records:write` scope and typed error results.
 */
import type { InputFieldBuilder, InputObjectRef, SchemaTypes } from '@pothos/core';
import { GraphQLError } from 'graphql';
import * as z from 'zod';
import { rule, type Rule } from './rule';
import type { WritableField } from './write-fields';
import { builder, type Context } from '../builder';
import { ENTITIES } from '../db/entities';
import { databaseFault, WriteOutcomeUnknown } from '../db/faults';
import { storedRow } from '../db/integrity';
import { toSimplified, toTraditional } from '../db/text';
import {
  archiveEntity,
  createEntity,
  restoreEntity,
  updateEntity,
  type RecordLinks,
  type Reference,
  type WritableType,
  type WriteFailure,
  type WriteResult,
} from '../db/writes';
import { failureError, ForbiddenError, MUTATION_ERRORS } from './errors';

builder.mutationType({
  description:
    'Writes. Every mutation needs an API key with the `records:write` scope (`Authorization: Bearer <key>`), returns its payload or a typed error (`__typename`), and changes nothing when it fails. When the database fails, the field is null with a top-level error instead: `TIMEOUT` or `DATABASE_UNAVAILABLE` (nothing changed), `OUTCOME_UNKNOWN` (the change was sent and no answer came: re-read the object’s `version` before retrying) or `SAVED_NOT_RETURNED` (saved; read it again). Several fields of one operation run in order and each commits on its own.',
});

// ---------------------------------------------------------------------------------------------
// Rules (built on first use: see ./rule)

// Control characters other than tab and newline; single-line text allows neither.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/u;
const LINE_BREAK = /[\t\n\r]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Characters that show nothing (zero-width spaces and joiners, the BOM, other format characters):
// a text made only of them and white space is empty.
const INVISIBLE = /[\s\p{Cf}\u115F\u1160\u3164\uFFA0]/gu;
// Bidirectional embeddings, overrides and isolates: they reorder how the text around them is shown.
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

function textRule(max: number, multiline: boolean) {
  return rule(() =>
    z
      .string()
      .refine((value) => value.replace(INVISIBLE, '').length > 0, 'must not be empty (or only invisible characters)')
      .refine((value) => !BIDI_CONTROL.test(value), 'must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069)')
      .refine((value) => value.length <= max, `must be at most ${max} characters`)
      .refine((value) => !LONE_SURROGATE.test(value), 'must be well-formed Unicode')
      .refine((value) => !CONTROL.test(value) && (multiline || !LINE_BREAK.test(value)), 'must not contain control characters'),
  );
}

export const NAME_MAX = 300;
export const TEXT_MAX = 4000;
export const nameRule = textRule(NAME_MAX, false);
export const textBodyRule = textRule(TEXT_MAX, true);
export const shortTextRule = (max: number) => textRule(max, false);
export const slugRule = rule(() =>
  z
    .string()
    .max(80, 'must be at most 80 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits in words joined by single hyphens'),
);
/** Every entity's stable key, as its create and update inputs take it. */
export const slugField = {
  type: 'String',
  required: true,
  validate: slugRule,
  description: 'Stable key: lower-case words joined by hyphens.',
  update: 'New stable key.',
} satisfies WritableField;
export const yearRule = rule(() => z.number().int().min(1990, 'must be 1990 or later').max(2100, 'must be 2100 or earlier'));
/**
 * For an update input: fields whose column cannot be null may be omitted (kept) but not nulled.
 * A type-level rule, because field validators do not run for null.
 */
export function keepRequired(fields: readonly string[], inputRule?: Rule) {
  return rule(() =>
    (inputRule?.schema() ?? z.unknown()).superRefine((value, context) => {
      const input = (value ?? {}) as Record<string, unknown>;
      for (const field of fields) {
        if (input[field] === null) {
          context.addIssue({ code: 'custom', path: [field], message: 'must not be null (omit the field to keep it)' });
        }
      }
    }),
  );
}
export const versionRule = rule(() => z.number().int().min(1, 'must be at least 1'));
export const httpUrlRule = rule(() =>
  z
    .instanceof(URL)
    .refine((url) => url.protocol === 'https:' || url.protocol === 'http:', 'must be an http or https URL')
    .refine((url) => url.href.length <= 2048, 'must be at most 2048 characters'),
);

/** Date order of two partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`): a prefix counts as equal. */
export function datesInOrder(start: string | null | undefined, end: string | null | undefined): boolean {
  if (!start || !end) return true;
  const length = Math.min(start.length, end.length);
  return end.slice(0, length) >= start.slice(0, length);
}

// ---------------------------------------------------------------------------------------------
// Localised text

export interface LocalizedInput {
  zhHans?: string | null | undefined;
  zhHant?: string | null | undefined;
  en?: string | null | undefined;
}

const oneChineseScript = (value: LocalizedInput | null | undefined) =>
  !value || Boolean(value.zhHans) || Boolean(value.zhHant);

export const LocalizedNameInput = builder.inputType('LocalizedNameInput', {
  description: `A name or title (up to ${NAME_MAX} characters, one line): English and at least one Chinese script; a missing script is converted from the other.`,
  fields: (t) => ({
    zhHans: t.string({ required: false, description: 'Chinese, Simplified script.', validate: nameRule.optional() }),
    zhHant: t.string({
      required: false,
      description: 'Chinese, Traditional script; stored in its standard form, derived from the Simplified text.',
      validate: nameRule.optional(),
    }),
    en: t.string({ required: true, description: 'English.', validate: nameRule }),
  }),
  validate: rule(() =>
    z.custom<LocalizedInput>((value) => oneChineseScript(value as LocalizedInput), {
      message: 'give zhHans or zhHant (the other is derived)',
      path: ['zhHans'],
    }),
  ),
});

export const LocalizedTextInput = builder.inputType('LocalizedTextInput', {
  description: `A longer text (up to ${TEXT_MAX} characters) in any scripts given; a missing Chinese script is converted from the other.`,
  fields: (t) => ({
    zhHans: t.string({ required: false, description: 'Chinese, Simplified script.', validate: textBodyRule.optional() }),
    zhHant: t.string({
      required: false,
      description: 'Chinese, Traditional script; stored in its standard form, derived from the Simplified text.',
      validate: textBodyRule.optional(),
    }),
    en: t.string({ required: false, description: 'English.', validate: textBodyRule.optional() }),
  }),
  validate: rule(() =>
    z.custom<LocalizedInput>((value) => {
      const text = value as LocalizedInput | null;
      return !text || Boolean(text.zhHans || text.zhHant || text.en);
    }, {
      message: 'give at least one script',
    }),
  ),
});

/**
 * The three stored columns of a localised input: undefined (leave unchanged), all null (clear),
 * or the texts. Simplified is taken as given (or converted from the Traditional given); standard
 * Traditional is always derived from it with the converter the seed uses, so text typed in a
 * non-standard Traditional (師范, 制造業) is stored in its standard form.
 */
export function localizedValues(property: string, input: LocalizedInput | null | undefined): Record<string, string | null> {
  if (input === undefined) return {};
  const zhHans = input?.zhHans ?? (input?.zhHant ? toSimplified(input.zhHant) : null);
  const zhHant = zhHans ? toTraditional(zhHans) : null;
  return { [`${property}ZhHans`]: zhHans, [`${property}ZhHant`]: zhHant, [`${property}En`]: input?.en ?? null };
}

/**
 * The columns an update of a localised text changes. Scripts not given stay as stored; a given
 * Chinese script sets both (Traditional derived from Simplified, as on create); null clears (both Chinese
 * scripts together, as they are one text); null for the whole text clears all three.
 */
export function localizedChanges(property: string, input: LocalizedInput | null | undefined): Record<string, string | null> {
  if (input === undefined) return {};
  if (input === null) return localizedValues(property, null);
  const changes: Record<string, string | null> = {};
  if (input.zhHans || input.zhHant) {
    // As on create: Traditional is always the standard form of the Simplified text.
    const zhHans = input.zhHans || toSimplified(input.zhHant!);
    changes[`${property}ZhHans`] = zhHans;
    changes[`${property}ZhHant`] = toTraditional(zhHans);
  } else if (input.zhHans === null || input.zhHant === null) {
    changes[`${property}ZhHans`] = null;
    changes[`${property}ZhHant`] = null;
  }
  if (input.en !== undefined) changes[`${property}En`] = input.en;
  return changes;
}

/** A global ID input as parsed by the relay plugin. */
export interface GlobalIdInput {
  id: string | number;
  typename: string;
}

function rowId(globalId: GlobalIdInput): number {
  return Number(globalId.id);
}

// ---------------------------------------------------------------------------------------------
// Mutations

type Types = typeof builder extends PothosSchemaBuilder<infer T> ? T : never;
/** The field builder of an input type, for helpers that add fields to several inputs. */
export type WriteFieldBuilder = InputFieldBuilder<Types, 'InputObject'>;
type PothosSchemaBuilder<T extends SchemaTypes> = PothosSchemaTypes.SchemaBuilder<T>;

export interface WriteSpec {
  values: Record<string, unknown>;
  references?: Reference[];
  links?: RecordLinks;
}

export interface TargetInput {
  id: GlobalIdInput;
  version: number;
}

/** The `id` and `version` fields every update, archive and restore input starts with. */
export function targetFields(t: WriteFieldBuilder, ref: Parameters<typeof t.globalID>[0] extends infer O ? O extends { for?: infer F } ? F : never : never, noun: string) {
  return {
    id: t.globalID({ for: ref, required: true, description: `Global ID of the ${noun}.` }),
    version: t.int({
      required: true,
      description: `The version of the ${noun} that was read; a stale one gets a ConflictError with the current version.`,
      validate: versionRule,
    }),
  };
}

function actorOf(context: Context) {
  // Scope checks run first, so a viewer is always present here; this guards against misuse.
  if (!context.viewer) throw new ForbiddenError('This operation needs an API key.', ['records:write']);
  return { keyId: context.viewer.keyId, name: context.viewer.name };
}

function settle(result: WriteResult): { id: number; version: number } {
  if (!result.ok) throw failureError(result.failure);
  return { id: result.id, version: result.version };
}

/** Error codes of a mutation the database could not complete (see README, "Writing"). */
export const WRITE_FAULT_CODES = {
  /** Nothing was changed: the database failed or was too slow before the change, or refused it as a whole. */
  unavailable: 'DATABASE_UNAVAILABLE',
  /** Nothing was changed: time ran out before the change was sent. */
  timeout: 'TIMEOUT',
  /** The change was sent and no answer came: re-read the object (its `version`) before retrying. */
  outcomeUnknown: 'OUTCOME_UNKNOWN',
  /** The change was saved, but reading the result back failed: do not retry, read it again. */
  savedNotReturned: 'SAVED_NOT_RETURNED',
} as const;

/** A database failure during a mutation, told as what it means for the change. */
function writeFaultError(error: unknown): unknown {
  if (error instanceof WriteOutcomeUnknown) {
    return new GraphQLError(
      `${error.message} Read the object again (its \`version\`, or a list by slug for a creation) before retrying.`,
      { extensions: { code: WRITE_FAULT_CODES.outcomeUnknown } },
    );
  }
  const fault = databaseFault(error);
  if (!fault) return error;
  return new GraphQLError(`${fault.message} Nothing was changed.`, { extensions: { code: fault.errorCode } });
}

interface EntityMutationConfig {
  type: WritableType;
  /** The node's object ref, for `id` inputs and archive/restore. */
  ref: Parameters<typeof targetFields>[1];
  /** Payload field name, e.g. `institution`. */
  field: string;
  createInput: InputObjectRef<Types, unknown>;
  updateInput: InputObjectRef<Types, unknown>;
  toCreate: (input: Record<string, unknown>) => WriteSpec;
  toUpdate: (input: Record<string, unknown>) => WriteSpec;
  /** Rules over several columns, checked on the row as it would be stored after the write. */
  rowRules?: RowRules;
}

export interface RowRules {
  /** The columns the rules read; an update that sets none of them is not checked. */
  columns: readonly string[];
  /** The first rule the row breaks, or null. `id` is the row's, for an update. */
  check: (row: Record<string, unknown>, context: Context, id: number | null) => Promise<WriteFailure | null> | WriteFailure | null;
}

/**
 * Checks an update's row rules against the stored row merged with the change. Checked only when
 * the stored version is the one given: otherwise the write is refused as stale anyway, and the
 * version guard makes sure the row checked is the row written.
 */
async function brokenRowRule(rules: RowRules | undefined, context: Context, type: WritableType, target: { id: number; version: number }, values: Record<string, unknown>) {
  if (!rules || !rules.columns.some((column) => column in values)) return null;
  const stored = await storedRow(context.db, type, target.id);
  if (!stored || Number(stored.version) !== target.version) return null;
  return rules.check({ ...stored, ...values }, context, target.id);
}

/** create<Type>, update<Type>, archive<Type> and restore<Type>, with their inputs and payloads. */
export function defineEntityMutations(config: EntityMutationConfig): void {
  const { type, field } = config;
  const { key: table, noun } = ENTITIES[type];
  const payload = (verb: string, description: string) =>
    builder.objectRef<{ id: number; version: number }>(`${verb}${type}Payload`).implement({
      description,
      fields: (t) => ({
        [field]: t.drizzleField({
          type: table as never,
          description: `The ${noun} as stored after the change.`,
          resolve: (query: (q: unknown) => unknown, parent: { id: number; version: number }, _args: unknown, context: Context) =>
            (context.db.query as unknown as Record<string, { findFirst(q: unknown): Promise<unknown> }>)[table]!
              .findFirst(query({ where: { id: parent.id } }))
              .catch((error: unknown) => {
                const fault = databaseFault(error);
                if (!fault) throw error;
                // The write is done: a failed read-back must not look like a failed write.
                throw new GraphQLError(
                  `The change was saved (version ${parent.version}), but reading it back failed: ${fault.message} Read it again; do not repeat the change.`,
                  { extensions: { code: WRITE_FAULT_CODES.savedNotReturned, version: parent.version } },
                );
              }),
        } as never),
      }),
    });

  const errors = (verb: string) => ({
    types: MUTATION_ERRORS,
    directResult: true,
    union: {
      name: `${verb}${type}Result`,
      description: `The ${verb.toLowerCase()}d ${noun}, or why nothing was changed.`,
    },
  });

  const TargetInputType = (verb: string) =>
    builder.inputType(`${verb}${type}Input`, {
      description: `Which ${noun} to ${verb.toLowerCase()}, and the version that was read.`,
      fields: (t) => targetFields(t, config.ref, noun),
    });

  const mutations: {
    verb: 'Create' | 'Update' | 'Archive' | 'Restore';
    description: string;
    /** Restoring needs `admin`: only admins can see archived objects. */
    scopes: { recordsWrite: true } | { admin: true };
    input: InputObjectRef<Types, unknown>;
    run: (input: unknown, context: Context) => Promise<WriteResult>;
  }[] = [
    {
      verb: 'Create',
      scopes: { recordsWrite: true },
      description: `Creates ${withArticle(noun)} at version 1.`,
      input: config.createInput,
      run: async (input, context) => {
        const spec = config.toCreate(input as Record<string, unknown>);
        const broken = config.rowRules ? await config.rowRules.check(spec.values, context, null) : null;
        if (broken) return { ok: false, failure: broken };
        return createEntity(context.db, type, actorOf(context), spec.values, spec);
      },
    },
    {
      verb: 'Update',
      scopes: { recordsWrite: true },
      description: `Changes the given fields of ${withArticle(noun)}, if it is still at the version given (omitted fields stay; null clears an optional field).`,
      input: config.updateInput,
      run: async (input, context) => {
        const target = input as TargetInput & Record<string, unknown>;
        const spec = config.toUpdate(target);
        const broken = await brokenRowRule(config.rowRules, context, type, targetOf(target), spec.values);
        if (broken) return { ok: false, failure: broken };
        return updateEntity(context.db, type, actorOf(context), targetOf(target), spec.values, spec);
      },
    },
    {
      verb: 'Archive',
      scopes: { recordsWrite: true },
      description: `Archives ${withArticle(noun)}: it leaves lists, search and public lookups, keeps its history and can be restored.`,
      input: TargetInputType('Archive') as InputObjectRef<Types, unknown>,
      run: (input, context) => archiveEntity(context.db, type, actorOf(context), targetOf(input as TargetInput)),
    },
    {
      verb: 'Restore',
      scopes: { admin: true },
      description: `Restores an archived ${noun} (needs the \`admin\` scope, as only admins can see archived objects).`,
      input: TargetInputType('Restore') as InputObjectRef<Types, unknown>,
      run: (input, context) => restoreEntity(context.db, type, actorOf(context), targetOf(input as TargetInput)),
    },
  ];

  for (const mutation of mutations) {
    const Payload = payload(mutation.verb, `Result of a successful ${mutation.verb.toLowerCase()}${type}.`);
    builder.mutationField(`${mutation.verb.toLowerCase()}${type}`, (t) =>
      t.field({
        type: Payload,
        description: mutation.description,
        authScopes: mutation.scopes,
        errors: errors(mutation.verb),
        args: { input: t.arg({ type: mutation.input, required: true, description: `What to ${mutation.verb.toLowerCase()}.` }) },
        resolve: async (_root, args, context) => {
          let result: WriteResult;
          try {
            result = await mutation.run(args.input, context);
          } catch (error) {
            throw writeFaultError(error);
          }
          return settle(result);
        },
      }),
    );
  }
}

/** "a network", "an institution". */
function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

function targetOf(input: TargetInput) {
  return { id: rowId(input.id), version: input.version, path: ['input', 'id'] };
}
