/** Seeding the report's photos: captions, credits, and what each depicts. */
import { photos } from '../schema';
import type { SeedCatalogue } from './catalogue';
import { localizedColumns, optionalLocalizedColumns, type Resolve, type Transaction } from './seeder';

export async function seedPhotos(tx: Transaction, catalogue: SeedCatalogue, resolve: Resolve, articleId: () => number): Promise<void> {
  if (catalogue.photos.length === 0) return;
  await tx
    .insert(photos)
    .values(
      catalogue.photos.map((photo) => ({
        slug: photo.slug,
        ...localizedColumns('caption', photo.caption),
        ...optionalLocalizedColumns('photographer', photo.photographer),
        ...optionalLocalizedColumns('credit', photo.credit),
        archivePhoto: photo.archivePhoto ?? false,
        sourceId: articleId(),
        paragraph: photo.paragraph,
        recordId: photo.record ? resolve('CooperationRecord', photo.record) : null,
        institutionId: photo.institution ? resolve('Institution', photo.institution) : null,
        indicatorId: photo.indicator ? resolve('Indicator', photo.indicator) : null,
      })),
    )
    .onConflictDoNothing();
}
