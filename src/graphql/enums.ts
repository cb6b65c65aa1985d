/** GraphQL enums, each value described for GraphiQL's documentation explorer. */
import { builder } from '../builder';

export const LocaleEnum = builder.enumType('Locale', {
  description:
    'A language and script. Fields that take `locale` default to the best match of the Accept-Language header, then English.',
  values: {
    ZH_HANS: { description: 'Chinese in Simplified script (zh-Hans), as read in mainland China.' },
    ZH_HANT: { description: 'Chinese in Traditional script (zh-Hant), as read in Hong Kong, Macao and Taiwan.' },
    EN: { description: 'English.' },
  } as const,
});

export const PillarEnum = builder.enumType('Pillar', {
  description: 'The three key tasks the base is organised around.',
  values: {
    POLICY_COORDINATION: { description: 'Coordinating policy among BRICS countries: research, standards, regulation.' },
    TALENT_DEVELOPMENT: { description: 'Training and developing talent for the new industrial revolution.' },
    PROJECT_DEVELOPMENT: { description: 'Developing cooperation projects, platforms and trade.' },
  } as const,
});

export const InstitutionTypeEnum = builder.enumType('InstitutionType', {
  description: 'What kind of organisation an institution is.',
  values: {
    MINISTRY: { description: 'A national government ministry.' },
    GOVERNMENT: { description: 'A provincial or municipal people’s government.' },
    GOVERNMENT_AGENCY: { description: 'A department, bureau, committee or office of a government.' },
    THINK_TANK: { description: 'A policy research institution.' },
    RESEARCH_INSTITUTE: { description: 'A research institute or centre.' },
    UNIVERSITY: { description: 'A university.' },
    COMPANY: { description: 'A company, including state-owned enterprises.' },
    INTERNATIONAL_ORGANISATION: { description: 'An intergovernmental organisation or multilateral bank.' },
    FACILITY: { description: 'A park, district or other physical site.' },
    COOPERATION_BODY: { description: 'A body set up for BRICS cooperation, such as the base itself.' },
  } as const,
});

export const BranchCentreKindEnum = builder.enumType('BranchCentreKind', {
  description: 'The two kinds of branch centre the base brings to Xiamen.',
  values: {
    MIIT_BRANCH: { description: 'A branch of an institution affiliated to the Ministry of Industry and Information Technology.' },
    ENABLING_PLATFORM: { description: 'A new-industry enabling platform serving companies in one area.' },
  } as const,
});

export const BranchCentreStatusEnum = builder.enumType('BranchCentreStatus', {
  description: 'Where a branch centre stands.',
  values: {
    PLANNED: { description: 'Announced but not yet open.' },
    LAUNCHED: { description: 'Unveiled or put online.' },
    OPERATING: { description: 'In regular operation.' },
  } as const,
});

export const NetworkKindEnum = builder.enumType('NetworkKind', {
  description: 'The kinds of alliance, pool and committee the base organises.',
  values: {
    TRAINING_ALLIANCE: { description: 'An alliance of training bases.' },
    THINK_TANK_ALLIANCE: { description: 'An alliance of think tanks cooperating on research.' },
    INDUSTRY_ALLIANCE: { description: 'An alliance of industrial partners.' },
    EXPERT_POOL: { description: 'A pool of experts the base can call on.' },
    ADVISORY_COMMITTEE: { description: 'A committee giving strategic advice to the base.' },
  } as const,
});

export const NetworkStatusEnum = builder.enumType('NetworkStatus', {
  description: 'Where an alliance, pool or committee stands.',
  values: {
    PLANNED: { description: 'To be set up.' },
    ESTABLISHED: { description: 'Set up and working.' },
    EXPANDING: { description: 'Set up and being enlarged.' },
  } as const,
});

export const NetworkRoleEnum = builder.enumType('NetworkRole', {
  description: 'An institution’s role in an alliance or pool.',
  values: {
    LEAD: { description: 'Leads or coordinates it.' },
    MEMBER: { description: 'Takes part as a member.' },
  } as const,
});

export const RecordKindEnum = builder.enumType('RecordKind', {
  description: 'The kinds of cooperation record.',
  values: {
    EVENT: { description: 'A forum, symposium, ceremony or promotional event.' },
    COMPETITION: { description: 'A skills or innovation competition, or one of its stages.' },
    TRAINING: { description: 'A training course, workshop or seminar.' },
    SIGNED_PROJECT: { description: 'A cooperation project that was signed.' },
    DEMONSTRATION_UNIT: { description: 'A selected demonstration unit or project.' },
    REPORT: { description: 'A published report or report series.' },
    POLICY_INITIATIVE: { description: 'A plan, study or piece of policy work.' },
    AGREEMENT: { description: 'An agreement or memorandum of understanding.' },
  } as const,
});

export const RecordStatusEnum = builder.enumType('RecordStatus', {
  description: 'Where a cooperation record stands, as the sources report it.',
  values: {
    PLANNED: { description: 'Announced for the future.' },
    ONGOING: { description: 'Under way, or a continuing series.' },
    COMPLETED: { description: 'Held, signed or delivered.' },
  } as const,
});

export const DatePrecisionEnum = builder.enumType('DatePrecision', {
  description: 'How precisely the sources date a record.',
  values: {
    DAY: { description: 'The day is known.' },
    MONTH: { description: 'Only the month is known.' },
    YEAR: { description: 'Only the year is known.' },
  } as const,
});

export const ParticipantRoleEnum = builder.enumType('ParticipantRole', {
  description: 'An institution’s role in a cooperation record.',
  values: {
    HOST: { description: 'Hosts it (主办).' },
    CO_HOST: { description: 'Hosts it jointly with others (共同主办).' },
    GUIDE: { description: 'Gives guidance (指导).' },
    ORGANISER: { description: 'Organises and runs it (承办).' },
    PARTNER: { description: 'Cooperates on it as a partner.' },
    MEMBER: { description: 'Takes part as a member.' },
  } as const,
});

export const FieldEnum = builder.enumType('Field', {
  description: 'Areas of industry and cooperation.',
  values: {
    INDUSTRIAL_INTERNET: { description: 'Industrial internet.' },
    DIGITAL_MANUFACTURING: { description: 'Digital manufacturing.' },
    ARTIFICIAL_INTELLIGENCE: { description: 'Artificial intelligence.' },
    MACHINE_LEARNING: { description: 'Machine learning.' },
    BIG_DATA: { description: 'Big data.' },
    BLOCKCHAIN: { description: 'Blockchain.' },
    WEB_TECHNOLOGY: { description: 'Web technology.' },
    RAIL_TRANSPORT: { description: 'Rail vehicles and rail freight.' },
    GREEN_DEVELOPMENT: { description: 'Green development.' },
    GREEN_FINANCE: { description: 'Green finance.' },
    DIGITAL_ECONOMY: { description: 'The digital economy.' },
    E_COMMERCE: { description: 'E-commerce, including cross-border.' },
    TRADE: { description: 'Trade and investment.' },
    STANDARDISATION: { description: 'Standards and their mutual recognition.' },
    INTELLECTUAL_PROPERTY: { description: 'Intellectual property.' },
    SUPPLY_CHAIN: { description: 'Industrial and supply chains.' },
    LAW_AND_TAXATION: { description: 'Law, legal services and taxation.' },
    PUBLIC_HEALTH: { description: 'Public health and epidemic control.' },
    TALENT_DEVELOPMENT: { description: 'Talent development and training.' },
    INNOVATION: { description: 'Innovation and its commercialisation.' },
  } as const,
});

export const IndicatorUnitEnum = builder.enumType('IndicatorUnit', {
  description: 'The unit an indicator value is measured in.',
  values: {
    CNY: { description: 'Chinese yuan (renminbi).' },
    PERCENT: { description: 'Percent.' },
    COUNT: { description: 'A number of items.' },
    TRAINS: { description: 'Freight train departures.' },
    TEU: { description: 'Twenty-foot equivalent units of container freight.' },
    SQUARE_METRES: { description: 'Square metres of floor or land area.' },
    DAYS: { description: 'Days.' },
    PERSON_TIMES: { description: 'Attendances, counting a person once per session (人次).' },
    PEOPLE: { description: 'People.' },
    COUNTRIES: { description: 'Countries.' },
    NOT_STATED: {
      description:
        'No unit: the sources give only a change in percent (`changePercent`), not a level, so the unit of the level is unknown.',
    },
  } as const,
});

export const ValueQualifierEnum = builder.enumType('ValueQualifier', {
  description: 'How exact a reported figure is.',
  values: {
    EXACT: { description: 'The figure as reported.' },
    MORE_THAN: { description: 'The true figure exceeds the value (超).' },
    ABOUT: { description: 'An approximate figure (约).' },
    AT_LEAST: { description: 'The true figure is the value or more.' },
  } as const,
});

export const PlanSubjectEnum = builder.enumType('PlanSubject', {
  description: 'What a plan target counts.',
  values: {
    MIIT_BRANCH: { description: 'Branches of MIIT-affiliated institutions.' },
    ENABLING_PLATFORM: { description: 'New-industry enabling platforms.' },
    DEMONSTRATION_TRAINING_PROGRAMME: { description: 'BRICS demonstration training programmes.' },
  } as const,
});

export const CitationBasisEnum = builder.enumType('CitationBasis', {
  description: 'Whether a cited source says what it is cited for, or the claim is reasoning from it.',
  values: {
    SOURCE_STATES: { description: 'The source states the claim in its own words.' },
    INFERRED: {
      description:
        'The claim is the project’s inference from the source, not its words; the citation’s `note` says what was inferred and why.',
    },
  } as const,
});

export const MembershipCompletenessEnum = builder.enumType('MembershipCompleteness', {
  description: 'How much of a network’s membership the sources name.',
  values: {
    ALL_NAMED: { description: 'The sources give the whole membership.' },
    SOME_NAMED: { description: 'The sources name some members and say or imply there are more.' },
    NONE_NAMED: {
      description: 'No source names any member. This does not mean the network has no members.',
    },
  } as const,
});

export const SourceKindEnum = builder.enumType('SourceKind', {
  description: 'The kinds of source the data is drawn from.',
  values: {
    NEWS_REPORT: { description: 'The news report the data set is built on.' },
    SUPPLEMENTARY_FACT: { description: 'A fact from another public source, with its address.' },
  } as const,
});
