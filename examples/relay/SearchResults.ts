/** Search, whose hits are a union of Node types, and a direct refetch of any object by global ID. */
import { graphql } from './graphql';

export const searchResultsQuery = graphql`
  query SearchResultsQuery($query: String!, $first: Int = 5) {
    search(query: $query, first: $first) {
      totalCount
      edges {
        score
        node {
          __typename
          ... on Node {
            id
          }
          # Typed fragments on union members: each is null unless the hit is of that type.
          ...RecordCard_record @alias
          ...InstitutionBadge_institution @alias
        }
      }
    }
  }
`;

export const nodeQuery = graphql`
  query SearchResultsNodeQuery($id: ID!) {
    node(id: $id) {
      id
      ...InstitutionBadge_institution @alias
    }
  }
`;
