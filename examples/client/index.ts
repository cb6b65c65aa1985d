/**
 * A small typed client: urql's core client with the documents GraphQL Code Generator made from
 * schema/schema.graphql and operations.graphql. Every result below is typed end to end.
 *
 *   npm start                                   # the API on http://localhost:$PORT/graphql (PORT=4000 by default)
 *   npm run example:client                      # same PORT as the server; or API_URL=https://… npm run example:client
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, CombinedError, fetchExchange, type AnyVariables, type TypedDocumentNode } from '@urql/core';
import { localEndpoint } from '../../src/config';
import {
  BaseOverviewDocument,
  NodeByIdDocument,
  RecordsPageDocument,
  SearchDocument,
  type Locale,
  type RecordKind,
  type RecordsPageQuery,
  type RecordSummaryFragment,
} from './gql/graphql';

export function createApiClient(url: string, headers: Record<string, string> = {}): Client {
  return new Client({
    url,
    exchanges: [fetchExchange],
    requestPolicy: 'network-only',
    fetchOptions: { headers },
  });
}

/** Runs an operation and returns its data, throwing on any GraphQL or network error. */
async function run<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Data> {
  const result = await client.query(document, variables).toPromise();
  if (result.error) throw result.error;
  if (!result.data) throw new Error('No data in the response.');
  return result.data;
}

export const baseOverview = (client: Client) => run(client, BaseOverviewDocument, {});

/** Every record of the given kinds, following `pageInfo.endCursor` page by page. */
export async function allRecords(
  client: Client,
  options: { locale: Locale; kinds?: RecordKind[]; pageSize?: number },
): Promise<RecordSummaryFragment[]> {
  const records: RecordSummaryFragment[] = [];
  let after: string | null = null;
  for (;;) {
    const page: RecordsPageQuery = await run(client, RecordsPageDocument, {
      first: options.pageSize ?? 10,
      after,
      locale: options.locale,
      kinds: options.kinds ?? null,
    });
    records.push(...page.records.edges.map((edge) => edge.node));
    if (!page.records.pageInfo.hasNextPage) return records;
    after = page.records.pageInfo.endCursor;
  }
}

export const search = (client: Client, query: string, first = 5) => run(client, SearchDocument, { query, first });

export const nodeById = (client: Client, id: string) => run(client, NodeByIdDocument, { id });

/** API_URL, else the local server on the PORT it is started with. */
export function apiUrl(env: Record<string, string | undefined>): string {
  return env.API_URL || localEndpoint(env);
}

async function main(url: string): Promise<void> {
  const client = createApiClient(url);
  const { base, statistics } = await baseOverview(client);
  console.log(`${base.name} (${base.acronym ?? '—'}): ${statistics.totals.records} records, ${statistics.totals.institutions} institutions`);

  const competitions = await allRecords(client, { locale: 'ZH_HANS', kinds: ['COMPETITION'], pageSize: 2 });
  for (const record of competitions) console.log(`  ${record.startsOn ?? '    '}  ${record.title}`);

  const hits = await search(client, '金磚');
  console.log(`search "金磚": ${hits.search.totalCount} hits`);
  for (const { score, node } of hits.search.edges) {
    const label = 'title' in node ? node.title : node.name;
    console.log(`  ${score.toFixed(2)}  ${node.__typename}  ${label}`);
  }

  const refetched = await nodeById(client, base.id);
  if (refetched.node?.__typename === 'Institution') console.log('node(id:)', refetched.node.nameTranslations);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = apiUrl(process.env);
  try {
    await main(url);
  } catch (error) {
    if (!(error instanceof CombinedError && error.networkError)) throw error;
    console.error(
      `Cannot reach the API at ${url} (${error.networkError.message}). Start it with \`npm start\` (same PORT), or set API_URL to its /graphql address.`,
    );
    process.exitCode = 1;
  }
}
