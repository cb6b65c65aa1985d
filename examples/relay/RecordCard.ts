/**
 * One cooperation record, refetchable by itself through `node(id:)` (`useRefetchableFragment`,
 * e.g. to switch its locale), whose participants page with `usePaginationFragment` via the same query.
 */
import { graphql } from './graphql';

export const recordCardFragment = graphql`
  fragment RecordCard_record on CooperationRecord
  @refetchable(queryName: "RecordCardRefetchQuery")
  @argumentDefinitions(
    locale: { type: "Locale", defaultValue: EN }
    participantsFirst: { type: "Int", defaultValue: 5 }
    participantsAfter: { type: "String" }
  ) {
    id
    slug
    kind
    status
    startsOn
    title(locale: $locale)
    participants(first: $participantsFirst, after: $participantsAfter)
      @connection(key: "RecordCard_participants") {
      edges {
        node {
          id
          role
          institution {
            ...InstitutionBadge_institution
          }
        }
      }
    }
  }
`;
