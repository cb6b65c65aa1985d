/** How catalogue entries cite their sources. */
import type { SeedCitation, SeedText } from '../types';

export const NEWS = 'xiamen-daily-2022-05-brics-events';

/** Supplementary facts, by their line in supplementary.md. */
export const SUP = {
  englishName: 'supplementary-bpic-english-name',
  leadingGroup: 'supplementary-xiamen-leading-group-office',
  mayForum: 'supplementary-may-2022-forum-english-title',
  kickOff: 'supplementary-skills-competition-kick-off',
  final: 'supplementary-skills-competition-final',
  jointConstruction: 'supplementary-joint-construction-2021',
  progress2021: 'supplementary-progress-september-2021',
  septemberForum: 'supplementary-forum-september-2022',
  septemberProjects: 'supplementary-forum-september-2022-projects',
  ndbMou: 'supplementary-ndb-mou-2022',
  park: 'supplementary-future-innovation-park',
  legalDistrict: 'supplementary-msrcld-english-name',
} as const;

type SupplementarySlug = (typeof SUP)[keyof typeof SUP];

/** Paragraphs of the repaired report (1 = headline). */
export const article = (...paragraphs: number[]): SeedCitation[] => paragraphs.map((n) => ({ article: n }));
export const supplementary = (...slugs: SupplementarySlug[]): SeedCitation[] => slugs.map((source) => ({ source }));
/** A claim the project infers from a source rather than one the source states. */
export const inferred = (from: { article: number } | { source: SupplementarySlug }, note: SeedText): SeedCitation => ({
  ...from,
  basis: 'INFERRED',
  note,
});
