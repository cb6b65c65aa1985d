/** Sources and citations: the provenance of every record. */
import { builder } from '../builder';
import { fromColumn } from './sql-reads';
import { CitationBasisEnum, SourceKindEnum } from './enums';
import { localizedFieldPair } from './localized';

builder.drizzleNode('sources', {
  name: 'Source',
  description:
    'A published source the data is drawn from: the news report, or a public page that adds a fact.',
  id: { column: (source) => source.id },
  select: { columns: { archivedAt: true } },
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    kind: t.expose('kind', { type: SourceKindEnum, description: 'Whether this is the news report or a supplementary source.' }),
    ...localizedFieldPair(t, 'title', 'Title of the source.'),
    publisher: t.exposeString('publisher', { nullable: true, description: 'Who published it.' }),
    url: t.string({
      nullable: true,
      description: 'Where the source can be read.',
      ...fromColumn('url'),
    }),
    publishedOn: t.field({
      type: 'PartialDate',
      nullable: true,
      description: 'When it was published, as precisely as known.',
      ...fromColumn('publishedOn'),
    }),
    line: t.exposeInt('line', {
      nullable: true,
      description: 'For a supplementary fact: its line in the project’s list of supplementary sources.',
    }),
  }),
});

builder.drizzleObject('citations', {
  name: 'Citation',
  select: {},
  description:
    'A reference from a record to the source that backs it. `basis` says whether the source states the claim or the claim is inferred from it.',
  fields: (t) => ({
    source: t.relation('source', { description: 'The source cited.' }),
    paragraph: t.exposeInt('paragraph', {
      nullable: true,
      description: 'For the news report: the paragraph (1 is the headline) where the fact stands.',
    }),
    basis: t.expose('basis', {
      type: CitationBasisEnum,
      description: 'SOURCE_STATES when the source says it; INFERRED when it is the project’s reasoning from the source.',
    }),
    ...localizedFieldPair(t, 'note', 'For an INFERRED citation: what was inferred from the source, and why.', {
      nullable: true,
    }),
  }),
});

builder.drizzleObject('disagreementClaims', {
  name: 'DisagreementClaim',
  select: {},
  description: 'One side of a disagreement between sources: what one source says, and where.',
  fields: (t) => ({
    ...localizedFieldPair(t, 'statement', 'What this source says.'),
    source: t.relation('source', { description: 'The source that says it.' }),
    paragraph: t.exposeInt('paragraph', {
      nullable: true,
      description: 'For the news report: the paragraph (1 is the headline) where it stands.',
    }),
  }),
});

builder.drizzleObject('sourceDisagreements', {
  name: 'SourceDisagreement',
  select: {},
  description:
    'Sources that disagree about one fact. Every claim is kept with its source; the API does not pick one.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, human-readable key.' }),
    ...localizedFieldPair(t, 'topic', 'What the sources disagree about.'),
    claims: t.relation('claims', {
      description: 'What each source says, in order.',
      query: { orderBy: { position: 'asc' } },
    }),
  }),
});
