/** Helpers for tests of the write side: keys and a mutation call that selects every result type. */
import { createApiKey, type KeyScope } from '../../src/db/keys';
import { graphql, type TestApp } from './app';

export async function bearer(t: TestApp, name: string, scopes: KeyScope[]): Promise<Record<string, string>> {
  const { key } = await createApiKey(t.db, { name, scopes });
  return { authorization: `Bearer ${key}` };
}

export interface MutationResult {
  __typename: string;
  message?: string;
  issues?: { path: string[]; message: string }[];
  reason?: string;
  currentVersion?: number | null;
  path?: string[];
  requiredScopes?: string[];
  [field: string]: unknown;
}

/**
 * Runs `<verb><Type>(input:)` and returns its union result. `select` is the selection inside the
 * payload's object (`id` and `version` are always selected).
 */
export async function mutate(
  t: TestApp,
  verb: 'create' | 'update' | 'archive' | 'restore',
  type: string,
  field: string,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
  select = '',
): Promise<MutationResult & { status: number }> {
  const Verb = verb.charAt(0).toUpperCase() + verb.slice(1);
  const query = `mutation ($input: ${Verb}${type}Input!) {
    result: ${verb}${type}(input: $input) {
      __typename
      ... on MutationError { message }
      ... on ValidationError { issues { path message } }
      ... on ConflictError { reason currentVersion }
      ... on NotFoundError { path }
      ... on ForbiddenError { requiredScopes }
      ... on ${Verb}${type}Payload { ${field} { id version ${select} } }
    }
  }`;
  const response = await graphql(t.app, query, { input }, headers);
  if (response.errors) return { __typename: 'GraphQLErrors', message: JSON.stringify(response.errors), status: response.status };
  return { ...(response.data!.result as MutationResult), status: response.status };
}
