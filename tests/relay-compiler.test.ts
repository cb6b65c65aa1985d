/**
 * Relay in practice: relay-compiler accepts schema/schema.graphql and the Relay-style operations in
 * examples/relay (connections, refetchable fragments via node), and the committed artifacts are
 * current. The queries Relay generates (pagination, node refetch) then run against the real app.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import institutionBadgeRefetch from '../examples/relay/__generated__/InstitutionBadgeRefetchQuery.graphql';
import recordCardRefetch from '../examples/relay/__generated__/RecordCardRefetchQuery.graphql';
import recordListPagination from '../examples/relay/__generated__/RecordListPaginationQuery.graphql';
import recordList from '../examples/relay/__generated__/RecordListQuery.graphql';
import searchResults from '../examples/relay/__generated__/SearchResultsQuery.graphql';
import { createTestApp, graphql, type TestApp } from './support/app';

/** The operation text Relay sends to the server. */
const text = (request: { params: { text?: string | null } }) => {
  expect(request.params.text).toBeTruthy();
  return request.params.text!;
};

interface RecordEdge {
  cursor: string;
  node: { id: string; __typename: string; slug: string; title: string };
}
interface RecordsPage {
  records: { totalCount: number; edges: RecordEdge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

describe('Relay', () => {
  it('relay-compiler --validate accepts the schema and operations, and the artifacts are current', async () => {
    const { stdout, stderr } = await promisify(execFile)('node_modules/.bin/relay-compiler', ['--validate'], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(`${stdout}${stderr}`).not.toMatch(/ERROR/);
  });

  describe('generated queries against the API', () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp();
    });
    afterAll(() => test?.close());

    it('paginates the records connection with the generated pagination query', async () => {
      const first = await graphql<RecordsPage>(test.app, text(recordList), { kinds: ['EVENT'], locale: 'ZH_HANS' });
      expect(first.errors).toBeUndefined();
      const page1 = first.data!.records;
      expect(page1.edges).toHaveLength(Math.min(10, page1.totalCount));

      const next = await graphql<RecordsPage>(test.app, text(recordListPagination), {
        first: 2,
        after: page1.edges[1]!.cursor,
        kinds: ['EVENT'],
        locale: 'ZH_HANS',
      });
      expect(next.errors).toBeUndefined();
      // The page after the second edge starts with the third one.
      expect(next.data!.records.edges.map((edge) => edge.node.id)).toEqual(page1.edges.slice(2, 4).map((edge) => edge.node.id));
    });

    it('refetches a record and an institution through node(id:) with the generated refetch queries', async () => {
      const list = await graphql<RecordsPage>(test.app, text(recordList), { locale: 'EN' });
      type Refetched = { node: RecordEdge['node'] & { participants: { edges: { node: { institution: { id: string } } }[] } } };
      let institutionId: string | undefined;
      for (const { node: record } of list.data!.records.edges) {
        const refetched = await graphql<Refetched>(test.app, text(recordCardRefetch), {
          id: record.id,
          locale: 'ZH_HANT',
          participantsFirst: 1,
        });
        expect(refetched.errors).toBeUndefined();
        expect(refetched.data!.node.id).toBe(record.id);
        expect(refetched.data!.node.slug).toBe(record.slug);
        expect(refetched.data!.node.__typename).toBe('CooperationRecord');
        expect(refetched.data!.node.participants.edges.length).toBeLessThanOrEqual(1);
        institutionId ??= refetched.data!.node.participants.edges[0]?.node.institution.id;
      }

      expect(institutionId).toBeTruthy();
      const badge = await graphql<{ node: { id: string; nameTranslations: { en: string } } }>(
        test.app,
        text(institutionBadgeRefetch),
        { id: institutionId },
      );
      expect(badge.errors).toBeUndefined();
      expect(badge.data!.node.id).toBe(institutionId);
      expect(badge.data!.node.nameTranslations.en).toBeTruthy();
    });

    it('runs the search query with fragments on union members', async () => {
      const result = await graphql<{ search: { totalCount: number; edges: { node: { __typename: string; id: string } }[] } }>(
        test.app,
        text(searchResults),
        { query: '金砖' },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.search.totalCount).toBeGreaterThan(0);
      expect(result.data!.search.edges.every((edge) => edge.node.id)).toBe(true);
    });
  });
});
