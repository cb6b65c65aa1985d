/** Seeding disagreements between sources, each claim with its own source. */
import { disagreementClaims, sourceDisagreements } from '../schema';
import type { SeedCatalogue } from './catalogue';
import { localizedColumns, type Resolve, type Transaction } from './seeder';
import type { CitationSource } from './sources';

export async function seedDisagreements(tx: Transaction, catalogue: SeedCatalogue, resolve: Resolve, citationSource: CitationSource): Promise<void> {
  if (catalogue.disagreements.length === 0) return;
  const created = await tx
    .insert(sourceDisagreements)
    .values(
      catalogue.disagreements.map((disagreement) => ({
        slug: disagreement.slug,
        ...localizedColumns('topic', disagreement.topic),
        recordId: disagreement.record ? resolve('CooperationRecord', disagreement.record) : null,
        indicatorId: disagreement.indicator ? resolve('Indicator', disagreement.indicator) : null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: sourceDisagreements.id, slug: sourceDisagreements.slug });
  const createdIds = new Map(created.map((row) => [row.slug, row.id]));
  const claimRows = catalogue.disagreements.flatMap((disagreement) => {
    const disagreementId = createdIds.get(disagreement.slug);
    return disagreementId === undefined
      ? []
      : disagreement.claims.map((claim, index) => {
          const { sourceId, paragraph } = citationSource(claim.citation);
          return { disagreementId, position: index + 1, ...localizedColumns('statement', claim.statement), sourceId, paragraph };
        });
  });
  if (claimRows.length > 0) await tx.insert(disagreementClaims).values(claimRows);
}
