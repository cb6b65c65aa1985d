/**
 * A paginated list of cooperation records, as a Relay app writes it: a `@refetchable` fragment on
 * Query with a `@connection`, so `usePaginationFragment` can load more pages with `first`/`after`.
 */
import { graphql } from './graphql';

export const recordListQuery = graphql`
  query RecordListQuery($kinds: [RecordKind!], $locale: Locale = EN) {
    ...RecordList_query @arguments(kinds: $kinds, locale: $locale)
  }
`;

export const recordListFragment = graphql`
  fragment RecordList_query on Query
  @refetchable(queryName: "RecordListPaginationQuery")
  @argumentDefinitions(
    first: { type: "Int", defaultValue: 10 }
    after: { type: "String" }
    kinds: { type: "[RecordKind!]" }
    locale: { type: "Locale", defaultValue: EN }
  ) {
    records(first: $first, after: $after, filter: { kinds: $kinds })
      @connection(key: "RecordList_records", filters: ["filter"]) {
      totalCount
      edges {
        node {
          id
          ...RecordCard_record @arguments(locale: $locale)
        }
      }
    }
  }
`;
