/**
 * Shape of the seed catalogue: the facts of the source report and the supplementary sources,
 * modelled as entities. Chinese text is written once, in Simplified script; standard Traditional
 * text is derived from it with the converter (src/db/text.ts) when the seed is applied, so the
 * report's character-by-character mis-conversions (制造, 師范) never reach the data.
 * Entities refer to each other by slug.
 */
import type { CitationBasis, SourceKind } from '../enums';

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

/** The whole catalogue, as src/db/seed/catalogue/index.ts assembles it. */
export type { SeedCatalogue } from './catalogue';
