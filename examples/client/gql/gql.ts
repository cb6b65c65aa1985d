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
    "query BaseOverview {\n  base {\n    id\n    name\n    acronym\n    country {\n      code\n    }\n  }\n  statistics {\n    totals {\n      institutions\n      records\n    }\n  }\n}\n\nquery RecordsPage($first: Int!, $after: String, $locale: Locale!, $kinds: [RecordKind!]) {\n  records(first: $first, after: $after, filter: {kinds: $kinds}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...RecordSummary\n      }\n    }\n  }\n}\n\nfragment RecordSummary on CooperationRecord {\n  id\n  slug\n  kind\n  startsOn\n  title(locale: $locale)\n}\n\nquery Search($query: String!, $first: Int = 5) {\n  search(query: $query, first: $first) {\n    totalCount\n    edges {\n      score\n      node {\n        __typename\n        ... on Node {\n          id\n        }\n        ... on CooperationRecord {\n          title\n        }\n        ... on Institution {\n          name\n        }\n        ... on Network {\n          name\n        }\n        ... on BranchCentre {\n          name\n        }\n        ... on Indicator {\n          name\n        }\n        ... on PlanTarget {\n          title\n        }\n      }\n    }\n  }\n}\n\nquery NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Institution {\n      nameTranslations {\n        zhHans\n        zhHant\n        en\n      }\n    }\n  }\n}": typeof types.BaseOverviewDocument,
};
const documents: Documents = {
    "query BaseOverview {\n  base {\n    id\n    name\n    acronym\n    country {\n      code\n    }\n  }\n  statistics {\n    totals {\n      institutions\n      records\n    }\n  }\n}\n\nquery RecordsPage($first: Int!, $after: String, $locale: Locale!, $kinds: [RecordKind!]) {\n  records(first: $first, after: $after, filter: {kinds: $kinds}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...RecordSummary\n      }\n    }\n  }\n}\n\nfragment RecordSummary on CooperationRecord {\n  id\n  slug\n  kind\n  startsOn\n  title(locale: $locale)\n}\n\nquery Search($query: String!, $first: Int = 5) {\n  search(query: $query, first: $first) {\n    totalCount\n    edges {\n      score\n      node {\n        __typename\n        ... on Node {\n          id\n        }\n        ... on CooperationRecord {\n          title\n        }\n        ... on Institution {\n          name\n        }\n        ... on Network {\n          name\n        }\n        ... on BranchCentre {\n          name\n        }\n        ... on Indicator {\n          name\n        }\n        ... on PlanTarget {\n          title\n        }\n      }\n    }\n  }\n}\n\nquery NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Institution {\n      nameTranslations {\n        zhHans\n        zhHant\n        en\n      }\n    }\n  }\n}": types.BaseOverviewDocument,
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
export function graphql(source: "query BaseOverview {\n  base {\n    id\n    name\n    acronym\n    country {\n      code\n    }\n  }\n  statistics {\n    totals {\n      institutions\n      records\n    }\n  }\n}\n\nquery RecordsPage($first: Int!, $after: String, $locale: Locale!, $kinds: [RecordKind!]) {\n  records(first: $first, after: $after, filter: {kinds: $kinds}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...RecordSummary\n      }\n    }\n  }\n}\n\nfragment RecordSummary on CooperationRecord {\n  id\n  slug\n  kind\n  startsOn\n  title(locale: $locale)\n}\n\nquery Search($query: String!, $first: Int = 5) {\n  search(query: $query, first: $first) {\n    totalCount\n    edges {\n      score\n      node {\n        __typename\n        ... on Node {\n          id\n        }\n        ... on CooperationRecord {\n          title\n        }\n        ... on Institution {\n          name\n        }\n        ... on Network {\n          name\n        }\n        ... on BranchCentre {\n          name\n        }\n        ... on Indicator {\n          name\n        }\n        ... on PlanTarget {\n          title\n        }\n      }\n    }\n  }\n}\n\nquery NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Institution {\n      nameTranslations {\n        zhHans\n        zhHant\n        en\n      }\n    }\n  }\n}"): (typeof documents)["query BaseOverview {\n  base {\n    id\n    name\n    acronym\n    country {\n      code\n    }\n  }\n  statistics {\n    totals {\n      institutions\n      records\n    }\n  }\n}\n\nquery RecordsPage($first: Int!, $after: String, $locale: Locale!, $kinds: [RecordKind!]) {\n  records(first: $first, after: $after, filter: {kinds: $kinds}) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        ...RecordSummary\n      }\n    }\n  }\n}\n\nfragment RecordSummary on CooperationRecord {\n  id\n  slug\n  kind\n  startsOn\n  title(locale: $locale)\n}\n\nquery Search($query: String!, $first: Int = 5) {\n  search(query: $query, first: $first) {\n    totalCount\n    edges {\n      score\n      node {\n        __typename\n        ... on Node {\n          id\n        }\n        ... on CooperationRecord {\n          title\n        }\n        ... on Institution {\n          name\n        }\n        ... on Network {\n          name\n        }\n        ... on BranchCentre {\n          name\n        }\n        ... on Indicator {\n          name\n        }\n        ... on PlanTarget {\n          title\n        }\n      }\n    }\n  }\n}\n\nquery NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Institution {\n      nameTranslations {\n        zhHans\n        zhHant\n        en\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;