/** Photographs printed with the news report: captions and credits. */
import { builder } from '../builder';
import { localizedFieldPair } from './localized';

builder.drizzleNode('photos', {
  name: 'Photo',
  description:
    'A photograph the news report prints, with its caption and credit. It belongs to the record, institution or indicator it shows.',
  id: { column: (photo) => photo.id },
  select: {},
  fields: (t) => {
    // Named `takenBy`: a field starting with its type's name ("photo…") reads as a stutter.
    const { photographer: takenBy, photographerTranslations: takenByTranslations } = localizedFieldPair(
      t,
      'photographer',
      'Who took it, where the source credits someone.',
      { nullable: true },
    );
    return {
      slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
      ...localizedFieldPair(t, 'caption', 'What the photo shows.'),
      takenBy,
      takenByTranslations,
      ...localizedFieldPair(t, 'credit', 'The photographer’s organisation.', { nullable: true }),
      archivePhoto: t.exposeBoolean('archivePhoto', {
        description: 'An archive photo (资料图) rather than one taken for the report.',
      }),
      source: t.relation('source', { description: 'The source that prints it.' }),
      paragraph: t.exposeInt('paragraph', {
        nullable: true,
        description: 'The paragraph of the news report (1 is the headline) that holds the caption.',
      }),
      record: t.relation('record', { nullable: true, description: 'The cooperation record it shows.' }),
      institution: t.relation('institution', { nullable: true, description: 'The institution or site it shows.' }),
      indicator: t.relation('indicator', { nullable: true, description: 'The indicator it illustrates.' }),
    };
  },
});
