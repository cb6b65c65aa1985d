/** Sources and citations: the provenance of every record. */
import { builder } from '../builder';
import { SourceKindEnum } from './enums';
import { localizedFieldPair } from './localized';

export const Source = builder.drizzleNode('sources', {
  name: 'Source',
  description:
    'A published source the data is drawn from: the news report, or a public page that adds a fact.',
  id: { column: (source) => source.id },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    kind: t.expose('kind', { type: SourceKindEnum, description: 'Whether this is the news report or a supplementary source.' }),
    ...localizedFieldPair(t, 'title', 'Title of the source.'),
    publisher: t.exposeString('publisher', { nullable: true, description: 'Who published it.' }),
    url: t.string({
      nullable: true,
      description: 'Where the source can be read.',
      resolve: (source) => source.url,
    }),
    publishedOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When it was published, as precisely as known.',
      resolve: (source) => source.publishedOn,
    }),
    line: t.exposeInt('line', {
      nullable: true,
      description: 'For a supplementary fact: its line in the project’s list of supplementary sources.',
    }),
  }),
});

export const Citation = builder.drizzleObject('citations', {
  name: 'Citation',
  description: 'A reference from a record to the source that backs it.',
  fields: (t) => ({
    source: t.relation('source', { description: 'The source cited.' }),
    paragraph: t.exposeInt('paragraph', {
      nullable: true,
      description: 'For the news report: the paragraph (1 is the headline) where the fact stands.',
    }),
  }),
});
