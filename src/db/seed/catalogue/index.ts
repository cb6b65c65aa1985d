/**
 * The facts of the Xiamen Daily report (late May 2022) and of shared/source/supplementary.md,
 * modelled as entities, one file per kind. Chinese is written in Simplified script (the report's
 * wording folded to Simplified); standard Traditional is derived from it when the seed is applied,
 * so the report's character-by-character mis-conversions (制造, 師范, 伙伴關系) are not carried over.
 * Descriptions and English text are the project's own words. Items that the sources count but do
 * not name stay plan targets or indicators, never records. A claim that rests on the project's
 * reasoning rather than a source's words cites that source with `basis: 'INFERRED'` and a note
 * saying why.
 *
 * Entities are listed under their registry key (src/db/entities.ts); the seed writes them in the
 * registry's seed order, whatever the order here.
 */
import { ENTITIES, type CitedType } from '../../entities';
import type { SeedCitation } from '../types';
import { branchCentres } from './branch-centres';
import { countries } from './countries';
import { disagreements } from './disagreements';
import { indicators } from './indicators';
import { institutions } from './institutions';
import { networks } from './networks';
import { photos } from './photos';
import { planTargets } from './plan-targets';
import { records } from './records';
import { sources } from './sources';

export { articleNameExceptions } from './article-names';

export const catalogue = {
  sources,
  countries,
  institutions,
  planTargets,
  branchCentres,
  networks,
  records,
  indicators,
  disagreements,
  photos,
};

export type SeedCatalogue = typeof catalogue;

/** An entry of the catalogue that becomes a row of an entity's table. */
export interface SeedEntry {
  slug: string;
  citations: SeedCitation[];
}

/**
 * The entries of an entity the sources are cited for: the seed writes every such entity, from
 * the list under its registry key (a compile error here names an entity the catalogue lacks).
 */
export function seedEntries(from: SeedCatalogue, type: CitedType): readonly SeedEntry[] {
  const lists: Record<(typeof ENTITIES)[CitedType]['key'], readonly SeedEntry[]> = from;
  return lists[ENTITIES[type].key];
}
