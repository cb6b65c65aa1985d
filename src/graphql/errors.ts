/**
 * Typed errors of mutations. Every mutation returns a union of its payload and these types, so a
 * client branches on `__typename`; each implements `MutationError` with a `message` that starts
 * with the input path it concerns.
 */
import { PothosValidationError } from '@pothos/core';
import { InputValidationError } from '@pothos/plugin-validation';
import { builder } from '../builder';
import type { WriteFailure } from '../db/writes';
import { ForbiddenError } from './forbidden';

export { ForbiddenError };

export class NotFoundError extends Error {
  constructor(message: string, readonly path: readonly string[]) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export const CONFLICT_REASONS = ['STALE_VERSION', 'DUPLICATE', 'ARCHIVED', 'NOT_ARCHIVED'] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

export class ConflictError extends Error {
  constructor(message: string, readonly reason: ConflictReason, readonly currentVersion: number | null) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** A validation failure found after argument validation, e.g. by a database constraint. */
export class InvalidInputError extends InputValidationError {
  constructor(message: string, path: readonly string[]) {
    super({ issues: [{ message, path: [...path] }] });
  }
}

export interface ValidationIssueShape {
  path: string[];
  message: string;
}

/** Issues of any validation failure: zod's, a wrong or malformed global ID, or our own. */
function issuesOf(error: PothosValidationError): ValidationIssueShape[] {
  // Duck-typed: the validation plugin may be loaded as another module copy than this import.
  const issues = (error as Partial<InputValidationError>).issues as InputValidationError['issues'] | undefined;
  if (Array.isArray(issues)) {
    return issues.map((issue) => {
      const path = (issue.path ?? []).map((part: PropertyKey | { key: PropertyKey }) => String(typeof part === 'object' ? part.key : part));
      const prefix = path.join('.');
      return { path, message: prefix && !issue.message.startsWith(`${prefix}:`) ? `${prefix}: ${issue.message}` : issue.message };
    });
  }
  // Global-ID parsing reports no path; the message names the offending ID.
  return [{ path: [], message: error.message }];
}

export const MutationErrorInterface = builder.interfaceRef<Error>('MutationError').implement({
  description: 'What every error result of a mutation has in common.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, starting with the input path concerned.' }),
  }),
});

const ValidationIssue = builder.objectRef<ValidationIssueShape>('ValidationIssue').implement({
  description: 'One problem with the input.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the input field, e.g. `["input", "name", "en"]`.' }),
    message: t.exposeString('message', { description: 'What is wrong, prefixed with the dotted path.' }),
  }),
});

builder.objectType(PothosValidationError, {
  name: 'ValidationError',
  description: 'The input is invalid; nothing was changed.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    issues: t.field({
      type: [ValidationIssue],
      description: 'Every problem found, each with its input path.',
      resolve: (error) => issuesOf(error),
    }),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'An ID in the input names nothing the caller may change (missing, archived or of another type); nothing was changed.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    path: t.stringList({ description: 'Path of the input field holding the ID.', resolve: (error) => [...error.path] }),
  }),
});

const ConflictReasonEnum = builder.enumType('ConflictReason', {
  description: 'Why a write conflicts with the stored data.',
  values: {
    STALE_VERSION: { description: 'The object changed since the given version was read.' },
    DUPLICATE: { description: 'An object with the same unique key (slug, or the same link) already exists.' },
    ARCHIVED: { description: 'The object is archived; restore it first.' },
    NOT_ARCHIVED: { description: 'The object is not archived, so it cannot be restored.' },
  } as const,
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The write conflicts with the stored data; nothing was changed. Re-read and retry.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: ConflictReasonEnum, description: 'Why it conflicts.', resolve: (error) => error.reason }),
    currentVersion: t.exposeInt('currentVersion', {
      nullable: true,
      description: 'The stored version of the object, where there is one.',
    }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description: 'The request lacks an API key, or its key lacks the scope needed; nothing was changed.',
  interfaces: [MutationErrorInterface],
  fields: (t) => ({
    requiredScopes: t.stringList({
      description: 'Key scopes that would allow the operation, e.g. `records:write`.',
      resolve: (error) => [...error.requiredScopes],
    }),
  }),
});

/** The error types every mutation may return. */
export const MUTATION_ERRORS = [PothosValidationError, NotFoundError, ConflictError, ForbiddenError];

/** Turns a data-layer failure into the error thrown to the errors plugin. */
export function failureError(failure: WriteFailure): Error {
  switch (failure.kind) {
    case 'NOT_FOUND':
      return new NotFoundError(failure.message, failure.path);
    case 'CONFLICT':
      return new ConflictError(failure.message, failure.reason, failure.currentVersion);
    case 'INVALID':
      return new InvalidInputError(failure.message, failure.path);
  }
}
