/**
 * Named example operations GraphiQL opens with, one tab each. They double as documentation and
 * are executed by the tests, so every one of them is known to work.
 */
export interface ExampleOperation {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export const EXAMPLE_OPERATIONS: readonly ExampleOperation[] = [
  {
    name: 'Overview',
    query: `# The base, its plan targets for 2022 and how far they have come.
query Overview {
  base {
    name
    acronym
    description
  }
  planTargets(first: 10, filter: { year: 2022 }) {
    totalCount
    nodes {
      title
      targetMin
      targetMax
      progress { recorded reported achieved ratio met }
    }
  }
  statistics {
    totals { institutions branchCentres networks records indicators }
  }
}`,
  },
  {
    name: 'RecordsWithParticipants',
    query: `# Cooperation records, latest first, with who took part in what role (three levels deep).
query RecordsWithParticipants($first: Int = 5, $after: String) {
  records(first: $first, after: $after, filter: { topLevelOnly: true }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id
        kind
        status
        title
        startsOn
        fields
        participants(first: 10) {
          totalCount
          nodes { role institution { name acronym type } }
        }
      }
    }
  }
}`,
  },
  {
    name: 'CompetitionTracks',
    query: `# The 2022 BRICS Skills Competition, its stages and their events.
query CompetitionTracks {
  records(first: 10, filter: { kinds: [COMPETITION] }) {
    nodes {
      title
      startsOn
      endsOn
      tracks { position name field }
      indicators { name value unit qualifier }
      children(first: 5) { nodes { title startsOn } }
    }
  }
}`,
  },
  {
    name: 'SearchInAnyScript',
    query: `# Search finds Traditional text with a Simplified query, and the reverse. Each hit says why it
# matched: the field, its text in your locale (try locale: ZH_HANS or EN) with the match marked.
query SearchInAnyScript($query: String! = "金砖论坛") {
  search(query: $query, first: 5) {
    totalCount
    edges {
      score
      snippet(locale: ZH_HANT) { field locale highlighted }
      node {
        __typename
        ... on CooperationRecord { title startsOn }
        ... on Institution { name }
        ... on Network { name }
        ... on BranchCentre { name }
      }
    }
  }
}`,
  },
  {
    name: 'Translations',
    query: `# Every localised field takes a locale, or returns all scripts at once.
query Translations {
  branchCentres(first: 10) {
    nodes {
      hans: name(locale: ZH_HANS)
      hant: name(locale: ZH_HANT)
      en: name(locale: EN)
      status
      launchedOn
      host { nameTranslations { zhHans zhHant en } }
    }
  }
}`,
  },
  {
    name: 'NetworksAndMembers',
    query: `# Training alliances, think-tank alliances and expert pools with their members.
query NetworksAndMembers {
  networks(first: 20) {
    nodes {
      name
      kind
      status
      membershipIncomplete
      members(first: 10) { totalCount nodes { role institution { name } } }
    }
  }
}`,
  },
  {
    name: 'TradeIndicators',
    query: `# Figures for 2021: trade with BRICS countries, freight and their year-on-year change.
query TradeIndicators {
  indicators(first: 20, filter: { year: 2021 }) {
    nodes {
      name
      value
      unit
      changePercent
      citations { paragraph source { title url } }
    }
  }
}`,
  },
  {
    name: 'Statistics',
    query: `# Counts by kind, field, country and year.
query Statistics {
  statistics {
    recordsByKind { key count }
    recordsByField { key count }
    recordsByCountry { country { code name } count }
    recordsByYear { year count }
  }
}`,
  },
  {
    name: 'InstitutionsByCountry',
    query: `# Institutions from BRICS partner countries. Any \`id\` here refetches its object with
# \`node(id:)\` (Relay), e.g. query { node(id: "…") { ... on Institution { name } } }
query InstitutionsByCountry($countries: [CountryCode!] = ["BR", "RU", "IN", "ZA"]) {
  countries { code name bricsMember }
  institutions(first: 10, filter: { countries: $countries }) {
    totalCount
    nodes { id name acronym type country { code } website }
  }
}`,
  },
  {
    name: 'RecordSignedProject',
    query: `# Writes need an API key: create one with
#   npm run keys -- create --name editor --scopes records:write
# and put it in the Authorization header below (Headers tab). Give one Chinese script; the other
# is derived. Every mutation returns its payload or a typed error: branch on __typename.
mutation RecordSignedProject($input: CreateCooperationRecordInput!) {
  createCooperationRecord(input: $input) {
    __typename
    ... on CreateCooperationRecordPayload {
      record { id slug version title(locale: ZH_HANT) startsOn history { nodes { version action changedAt } } }
    }
    ... on MutationError { message }
    ... on ValidationError { issues { path message } }
    ... on ConflictError { reason currentVersion }
  }
}`,
    variables: {
      input: {
        slug: 'example-signed-project',
        kind: 'SIGNED_PROJECT',
        status: 'COMPLETED',
        pillar: 'PROJECT_DEVELOPMENT',
        title: { en: 'Example signed project', zhHans: '示例签约项目' },
        startsOn: '2022-09-08',
        countries: ['CN', 'BR'],
      },
    },
    headers: { Authorization: 'Bearer <key>' },
  },
];
