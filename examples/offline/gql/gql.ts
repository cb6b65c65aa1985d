/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query SyncSnapshot($first: Int!, $after: String, $locale: Locale!) {\n  syncSnapshot(first: $first, after: $after) {\n    changesCursor\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...SyncedObject\n    }\n  }\n}\n\nquery Changes($since: String, $first: Int!, $locale: Locale!) {\n  changes(since: $since, first: $first) {\n    cursor\n    pageInfo {\n      hasNextPage\n    }\n    nodes {\n      objectId\n      objectType\n      action\n      version\n      object {\n        ...SyncedObject\n      }\n    }\n  }\n}\n\nfragment SyncedObject on Node {\n  __typename\n  id\n  ... on Institution {\n    version\n    name(locale: $locale)\n    country {\n      code\n    }\n  }\n  ... on BranchCentre {\n    version\n    name(locale: $locale)\n    host {\n      id\n    }\n  }\n  ... on Network {\n    version\n    name(locale: $locale)\n  }\n  ... on NetworkMembership {\n    version\n    networkRole: role\n    network {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on CooperationRecord {\n    version\n    title(locale: $locale)\n    startsOn\n  }\n  ... on Participation {\n    version\n    participantRole: role\n    record {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on Indicator {\n    version\n    name(locale: $locale)\n    value\n  }\n  ... on PlanTarget {\n    version\n    title(locale: $locale)\n  }\n}": typeof types.SyncSnapshotDocument,
};
const documents: Documents = {
    "query SyncSnapshot($first: Int!, $after: String, $locale: Locale!) {\n  syncSnapshot(first: $first, after: $after) {\n    changesCursor\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...SyncedObject\n    }\n  }\n}\n\nquery Changes($since: String, $first: Int!, $locale: Locale!) {\n  changes(since: $since, first: $first) {\n    cursor\n    pageInfo {\n      hasNextPage\n    }\n    nodes {\n      objectId\n      objectType\n      action\n      version\n      object {\n        ...SyncedObject\n      }\n    }\n  }\n}\n\nfragment SyncedObject on Node {\n  __typename\n  id\n  ... on Institution {\n    version\n    name(locale: $locale)\n    country {\n      code\n    }\n  }\n  ... on BranchCentre {\n    version\n    name(locale: $locale)\n    host {\n      id\n    }\n  }\n  ... on Network {\n    version\n    name(locale: $locale)\n  }\n  ... on NetworkMembership {\n    version\n    networkRole: role\n    network {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on CooperationRecord {\n    version\n    title(locale: $locale)\n    startsOn\n  }\n  ... on Participation {\n    version\n    participantRole: role\n    record {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on Indicator {\n    version\n    name(locale: $locale)\n    value\n  }\n  ... on PlanTarget {\n    version\n    title(locale: $locale)\n  }\n}": types.SyncSnapshotDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SyncSnapshot($first: Int!, $after: String, $locale: Locale!) {\n  syncSnapshot(first: $first, after: $after) {\n    changesCursor\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...SyncedObject\n    }\n  }\n}\n\nquery Changes($since: String, $first: Int!, $locale: Locale!) {\n  changes(since: $since, first: $first) {\n    cursor\n    pageInfo {\n      hasNextPage\n    }\n    nodes {\n      objectId\n      objectType\n      action\n      version\n      object {\n        ...SyncedObject\n      }\n    }\n  }\n}\n\nfragment SyncedObject on Node {\n  __typename\n  id\n  ... on Institution {\n    version\n    name(locale: $locale)\n    country {\n      code\n    }\n  }\n  ... on BranchCentre {\n    version\n    name(locale: $locale)\n    host {\n      id\n    }\n  }\n  ... on Network {\n    version\n    name(locale: $locale)\n  }\n  ... on NetworkMembership {\n    version\n    networkRole: role\n    network {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on CooperationRecord {\n    version\n    title(locale: $locale)\n    startsOn\n  }\n  ... on Participation {\n    version\n    participantRole: role\n    record {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on Indicator {\n    version\n    name(locale: $locale)\n    value\n  }\n  ... on PlanTarget {\n    version\n    title(locale: $locale)\n  }\n}"): (typeof documents)["query SyncSnapshot($first: Int!, $after: String, $locale: Locale!) {\n  syncSnapshot(first: $first, after: $after) {\n    changesCursor\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      ...SyncedObject\n    }\n  }\n}\n\nquery Changes($since: String, $first: Int!, $locale: Locale!) {\n  changes(since: $since, first: $first) {\n    cursor\n    pageInfo {\n      hasNextPage\n    }\n    nodes {\n      objectId\n      objectType\n      action\n      version\n      object {\n        ...SyncedObject\n      }\n    }\n  }\n}\n\nfragment SyncedObject on Node {\n  __typename\n  id\n  ... on Institution {\n    version\n    name(locale: $locale)\n    country {\n      code\n    }\n  }\n  ... on BranchCentre {\n    version\n    name(locale: $locale)\n    host {\n      id\n    }\n  }\n  ... on Network {\n    version\n    name(locale: $locale)\n  }\n  ... on NetworkMembership {\n    version\n    networkRole: role\n    network {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on CooperationRecord {\n    version\n    title(locale: $locale)\n    startsOn\n  }\n  ... on Participation {\n    version\n    participantRole: role\n    record {\n      id\n    }\n    institution {\n      id\n    }\n  }\n  ... on Indicator {\n    version\n    name(locale: $locale)\n    value\n  }\n  ... on PlanTarget {\n    version\n    title(locale: $locale)\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;