/**
 * The error of a failed scope check. A GraphQLError, so yoga does not mask it where no union
 * catches it; mutations list it among their result types, so there it is a typed result.
 */
import { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { AuthScopes } from '../builder';
import type { Viewer } from '../context';

export class ForbiddenError extends GraphQLError {
  constructor(message: string, readonly requiredScopes: readonly string[]) {
    super(message, { extensions: { code: 'FORBIDDEN' } });
    Object.defineProperty(this, 'name', { value: 'ForbiddenError' });
  }
}

const SCOPE_NAMES: Record<keyof AuthScopes, string> = { public: 'public', recordsWrite: 'records:write', admin: 'admin' };

/** The key scopes named by a failed scope check, e.g. `records:write`. */
function requiredScopes(failure: AuthFailure): string[] {
  if (failure.kind === AuthScopeFailureType.AuthScope) return [SCOPE_NAMES[failure.scope as keyof AuthScopes] ?? failure.scope];
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    return failure.failures.flatMap(requiredScopes);
  }
  return [];
}

/** scope-auth's `unauthorizedError`: what the caller lacks, and how to get it. */
export function scopeFailure(viewer: Viewer | null, result: { message: string; failure: AuthFailure }): ForbiddenError {
  return new ForbiddenError(
    viewer ? `${result.message}: the API key lacks the scope needed.` : `${result.message}: send a valid API key as \`Authorization: Bearer <key>\`.`,
    requiredScopes(result.failure),
  );
}
