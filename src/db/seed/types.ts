/**
 * Shape of the seed catalogue: the facts of the source report and the supplementary sources,
 * modelled as entities. Chinese text is written once, in Simplified script; standard Traditional
 * text is derived from it with the converter (src/db/text.ts) when the seed is applied, so the
 * report's character-by-character mis-conversions (制造, 師范) never reach the data.
 * Entities refer to each other by slug.
 */
import type {
  BranchCentreKind,
  CitationBasis,
  BranchCentreStatus,
  DatePrecision,
  Field,
  IndicatorUnit,
  InstitutionType,
  NetworkKind,
  NetworkRole,
  NetworkStatus,
  ParticipantRole,
  Pillar,
  PlanSubject,
  RecordKind,
  RecordStatus,
  SourceKind,
  ValueQualifier,
} from '../enums';

/** Chinese (Simplified; Traditional is derived) and English. */
export interface SeedText {
  zhHans: string;
  en: string;
}

/**
 * Whether a citation's source states the claim in its own words (the default) or the claim is the
 * project's reasoning from it; an inference says what was inferred and why in `note`.
 */
export type SeedCitationBasis =
  | { basis?: Extract<CitationBasis, 'SOURCE_STATES'>; note?: undefined }
  | { basis: Extract<CitationBasis, 'INFERRED'>; note: SeedText };

/**
 * Where a fact comes from: a paragraph of the news report (1 = headline, counting non-empty
 * lines of the file) or a supplementary source by slug.
 */
export type SeedCitation = ({ article: number } | { source: string }) & SeedCitationBasis;

export interface SeedSource {
  slug: string;
  kind: SourceKind;
  title: SeedText;
  publisher?: string;
  url?: string;
  publishedOn?: string;
  /** Line of shared/source/supplementary.md. */
  line?: number;
}

export interface SeedCountry {
  code: string;
  name: SeedText;
  bricsMember: boolean;
}

export interface SeedInstitution {
  slug: string;
  type: InstitutionType;
  name: SeedText;
  acronym?: string;
  country?: string;
  website?: string;
  description?: SeedText;
  parent?: string;
  citations: SeedCitation[];
}

export interface SeedPlanTarget {
  slug: string;
  year: number;
  pillar: Pillar;
  subject: PlanSubject;
  title: SeedText;
  description?: SeedText;
  targetMin: number;
  targetMax?: number;
  /** Areas the target covers, as the sources name them. */
  fields?: Field[];
  reportedAchieved?: number;
  reportedAchievedOn?: string;
  citations: SeedCitation[];
}

export interface SeedBranchCentre {
  slug: string;
  kind: BranchCentreKind;
  status: BranchCentreStatus;
  name: SeedText;
  description?: SeedText;
  host?: string;
  target?: string;
  field?: Field;
  plannedYear?: number;
  launchedOn?: string;
  citations: SeedCitation[];
}

export interface SeedNetwork {
  slug: string;
  kind: NetworkKind;
  status: NetworkStatus;
  pillar: Pillar;
  name: SeedText;
  description?: SeedText;
  establishedOn?: string;
  /** True unless the sources give the whole membership; a network no source lists members of is incomplete. */
  membershipIncomplete: boolean;
  members?: { institution: string; role: NetworkRole }[];
  citations: SeedCitation[];
}

export interface SeedRecord {
  slug: string;
  kind: RecordKind;
  status: RecordStatus;
  pillar: Pillar;
  title: SeedText;
  summary?: SeedText;
  location?: SeedText;
  startsOn?: string;
  endsOn?: string;
  datePrecision?: DatePrecision;
  year?: number;
  parent?: string;
  target?: string;
  tracks?: { name: SeedText; field?: Field }[];
  fields?: Field[];
  countries?: string[];
  participants?: { institution: string; role: ParticipantRole }[];
  citations: SeedCitation[];
}

export interface SeedIndicator {
  slug: string;
  pillar: Pillar;
  name: SeedText;
  value?: number;
  /** Unit of `value`; left out where the sources give no level and so no unit. */
  unit?: IndicatorUnit;
  qualifier?: ValueQualifier;
  changePercent?: number;
  periodStart?: string;
  periodEnd?: string;
  year?: number;
  record?: string;
  institution?: string;
  /** Areas the figure covers, as the sources name them. */
  fields?: Field[];
  citations: SeedCitation[];
}

/**
 * Where sources disagree about one fact: each claim with the source that makes it. Both are kept;
 * neither is silently preferred.
 */
export interface SeedDisagreement {
  slug: string;
  topic: SeedText;
  record?: string;
  indicator?: string;
  claims: { statement: SeedText; citation: SeedCitation }[];
}

export interface SeedPhoto {
  slug: string;
  caption: SeedText;
  photographer?: SeedText;
  credit?: SeedText;
  archivePhoto?: boolean;
  /** Paragraph of the news report that holds the caption. */
  paragraph: number;
  record?: string;
  institution?: string;
  indicator?: string;
}

export interface SeedCatalogue {
  sources: SeedSource[];
  countries: SeedCountry[];
  institutions: SeedInstitution[];
  planTargets: SeedPlanTarget[];
  branchCentres: SeedBranchCentre[];
  networks: SeedNetwork[];
  records: SeedRecord[];
  indicators: SeedIndicator[];
  disagreements: SeedDisagreement[];
  photos: SeedPhoto[];
}
