/** Closed vocabularies stored as text. The GraphQL layer describes each value. */

export const LOCALES = ['ZH_HANS', 'ZH_HANT', 'EN'] as const;
export type Locale = (typeof LOCALES)[number];

export const SOURCE_KINDS = ['NEWS_REPORT', 'SUPPLEMENTARY_FACT'] as const;

/** Whether a cited source states a claim itself or the claim is inferred from it. */
export const CITATION_BASES = ['SOURCE_STATES', 'INFERRED'] as const;

/** Institution types, after the Research Organization Registry's, refined for this domain. */
export const INSTITUTION_TYPES = [
  'MINISTRY',
  'GOVERNMENT',
  'GOVERNMENT_AGENCY',
  'THINK_TANK',
  'RESEARCH_INSTITUTE',
  'UNIVERSITY',
  'COMPANY',
  'INTERNATIONAL_ORGANISATION',
  'FACILITY',
  'COOPERATION_BODY',
] as const;

export const PILLARS = ['POLICY_COORDINATION', 'TALENT_DEVELOPMENT', 'PROJECT_DEVELOPMENT'] as const;

export const BRANCH_CENTRE_KINDS = ['MIIT_BRANCH', 'ENABLING_PLATFORM'] as const;
export const BRANCH_CENTRE_STATUSES = ['PLANNED', 'LAUNCHED', 'OPERATING'] as const;

export const NETWORK_KINDS = [
  'TRAINING_ALLIANCE',
  'THINK_TANK_ALLIANCE',
  'INDUSTRY_ALLIANCE',
  'EXPERT_POOL',
  'ADVISORY_COMMITTEE',
] as const;
export const NETWORK_STATUSES = ['PLANNED', 'ESTABLISHED', 'EXPANDING'] as const;
export const NETWORK_ROLES = ['LEAD', 'MEMBER'] as const;

export const RECORD_KINDS = [
  'EVENT',
  'COMPETITION',
  'TRAINING',
  'SIGNED_PROJECT',
  'DEMONSTRATION_UNIT',
  'REPORT',
  'POLICY_INITIATIVE',
  'AGREEMENT',
] as const;
export const RECORD_STATUSES = ['PLANNED', 'ONGOING', 'COMPLETED'] as const;
export const DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR'] as const;

export const PARTICIPANT_ROLES = ['HOST', 'CO_HOST', 'GUIDE', 'ORGANISER', 'PARTNER', 'MEMBER'] as const;

export const FIELDS = [
  'INDUSTRIAL_INTERNET',
  'DIGITAL_MANUFACTURING',
  'ARTIFICIAL_INTELLIGENCE',
  'MACHINE_LEARNING',
  'BIG_DATA',
  'BLOCKCHAIN',
  'WEB_TECHNOLOGY',
  'RAIL_TRANSPORT',
  'GREEN_DEVELOPMENT',
  'GREEN_FINANCE',
  'DIGITAL_ECONOMY',
  'E_COMMERCE',
  'TRADE',
  'STANDARDISATION',
  'INTELLECTUAL_PROPERTY',
  'SUPPLY_CHAIN',
  'LAW_AND_TAXATION',
  'PUBLIC_HEALTH',
  'TALENT_DEVELOPMENT',
  'INNOVATION',
] as const;

export const INDICATOR_UNITS = [
  'CNY',
  'PERCENT',
  'COUNT',
  'TRAINS',
  'TEU',
  'SQUARE_METRES',
  'DAYS',
  'PERSON_TIMES',
  'PEOPLE',
  'COUNTRIES',
] as const;
export const VALUE_QUALIFIERS = ['EXACT', 'MORE_THAN', 'ABOUT', 'AT_LEAST'] as const;

export const PLAN_SUBJECTS = [
  'MIIT_BRANCH',
  'ENABLING_PLATFORM',
  'DEMONSTRATION_TRAINING_PROGRAMME',
] as const;

export type InstitutionType = (typeof INSTITUTION_TYPES)[number];
export type Pillar = (typeof PILLARS)[number];
export type BranchCentreKind = (typeof BRANCH_CENTRE_KINDS)[number];
export type BranchCentreStatus = (typeof BRANCH_CENTRE_STATUSES)[number];
export type NetworkKind = (typeof NETWORK_KINDS)[number];
export type NetworkStatus = (typeof NETWORK_STATUSES)[number];
export type NetworkRole = (typeof NETWORK_ROLES)[number];
export type RecordKind = (typeof RECORD_KINDS)[number];
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export type DatePrecision = (typeof DATE_PRECISIONS)[number];
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export type Field = (typeof FIELDS)[number];
export type IndicatorUnit = (typeof INDICATOR_UNITS)[number];
export type ValueQualifier = (typeof VALUE_QUALIFIERS)[number];
export type PlanSubject = (typeof PLAN_SUBJECTS)[number];
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type CitationBasis = (typeof CITATION_BASES)[number];
