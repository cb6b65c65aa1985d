/**
 * Writes through the Worker entry in workerd, its database reached over libSQL's HTTP protocol:
 * each mutation is one batch over HTTP (no interactive transaction), as with Turso in production.
 */
import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWebDatabase } from '../../src/db/client-web';
import { createApiKey } from '../../src/db/keys';

interface Body {
  data?: Record<string, any>;
  errors?: { message: string }[];
  extensions?: { db?: { statements: number; roundTrips: number } };
}

let authorization = '';

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = { authorization }) {
  const response = await exports.default.fetch('http://api.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

const RESULT = `__typename
  ... on MutationError { message }
  ... on ConflictError { reason currentVersion }`;

beforeAll(async () => {
  // The key is created over HTTP in the same database the Worker uses, as `npm run keys` would.
  const db = createWebDatabase({ url: env.LIBSQL_URL });
  const { key } = await createApiKey(db, { name: `worker-editor-${crypto.randomUUID().slice(0, 8)}`, scopes: ['records:write'] });
  authorization = `Bearer ${key}`;
  // The Worker's first request loads its modules, which in the test pool takes tens of seconds on
  // a loaded machine; pay it here (hook timeout) so each test's timeout covers only its writes.
  const warm = await exports.default.fetch('http://api.test/graphql?query=%7B__typename%7D');
  expect(warm.status).toBe(200);
});

describe('Worker writes over libSQL HTTP', () => {
  let id = '';

  it('creates a record in one batch', async () => {
    const { status, body } = await post(
      `mutation ($input: CreateCooperationRecordInput!) { createCooperationRecord(input: $input) {
        ${RESULT}
        ... on CreateCooperationRecordPayload { record { id version title(locale: ZH_HANT) countries { code } } }
      } }`,
      {
        input: {
          slug: `worker-signed-project-${crypto.randomUUID().slice(0, 8)}`,
          kind: 'SIGNED_PROJECT',
          status: 'COMPLETED',
          pillar: 'PROJECT_DEVELOPMENT',
          title: { en: 'Worker signed project', zhHans: '工人签约项目' },
          startsOn: '2022-09-08',
          countries: ['CN', 'BR'],
        },
      },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const result = body.data!.createCooperationRecord;
    expect(result.__typename).toBe('CreateCooperationRecordPayload');
    expect(result.record).toMatchObject({ version: 1, title: '工人簽約項目', countries: [{ code: 'BR' }, { code: 'CN' }] });
    id = result.record.id;
  });

  it('lets one of two conflicting updates through and reports the other as a conflict', async () => {
    const update = (status: string) =>
      post(
        `mutation ($input: UpdateCooperationRecordInput!) { updateCooperationRecord(input: $input) {
          ${RESULT}
          ... on UpdateCooperationRecordPayload { record { version status } }
        } }`,
        { input: { id, version: 1, status } },
      );
    const results = await Promise.all([update('ONGOING'), update('PLANNED')]);
    const typenames = results.map((result) => result.body.data!.updateCooperationRecord.__typename).sort();
    expect(typenames).toEqual(['ConflictError', 'UpdateCooperationRecordPayload']);
    const conflict = results.find((result) => result.body.data!.updateCooperationRecord.__typename === 'ConflictError')!;
    expect(conflict.body.data!.updateCooperationRecord).toMatchObject({ reason: 'STALE_VERSION', currentVersion: 2 });
  });

  it('archives it, hides it from public lookups, and keeps the history', async () => {
    const { body } = await post(
      `mutation ($input: ArchiveCooperationRecordInput!) { archiveCooperationRecord(input: $input) {
        ${RESULT}
        ... on ArchiveCooperationRecordPayload { record { version history(first: 10) { totalCount nodes { version action actor } } } }
      } }`,
      { input: { id, version: 2 } },
    );
    const result = body.data!.archiveCooperationRecord;
    expect(result.__typename).toBe('ArchiveCooperationRecordPayload');
    expect(result.record.version).toBe(3);
    expect(result.record.history.totalCount).toBe(3);
    expect(result.record.history.nodes.map((entry: { action: string }) => entry.action)).toEqual(['ARCHIVE', 'UPDATE', 'CREATE']);
    const lookup = await post(`query ($id: ID!) { node(id: $id) { id } }`, { id }, {});
    expect(lookup.body.data).toEqual({ node: null });
  });

  it('refuses writes without a key with a typed error', async () => {
    const { status, body } = await post(
      `mutation ($input: ArchiveCooperationRecordInput!) { archiveCooperationRecord(input: $input) { ${RESULT} ... on ForbiddenError { requiredScopes } } }`,
      { input: { id, version: 3 } },
      {},
    );
    expect(status).toBe(200);
    expect(body.data!.archiveCooperationRecord).toMatchObject({ __typename: 'ForbiddenError', requiredScopes: ['records:write'] });
  });
});
