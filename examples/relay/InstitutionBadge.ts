/** An institution's name in every script, refetchable through `node(id:)`. */
import { graphql } from './graphql';

export const institutionBadgeFragment = graphql`
  fragment InstitutionBadge_institution on Institution @refetchable(queryName: "InstitutionBadgeRefetchQuery") {
    id
    acronym
    nameTranslations {
      zhHans
      zhHant
      en
    }
  }
`;
