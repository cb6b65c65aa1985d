/**
 * Test data that does not depend on the order of the seed: seeded rows picked by their stable slug
 * (src/db/seed/catalogue.ts), and factories that create fresh rows through the API, each with a
 * slug no other call uses.
 */
import { graphql, type TestApp } from './app';
import { mutate, type MutationResult } from './writes';

/** Seeded rows that write tests build on. */
export const SEEDED_SLUGS = {
  institution: 'caict',
  otherInstitution: 'bnu',
  record: 'industrial-internet-digital-manufacturing-forum-2022',
  network: 'think-tank-alliance',
  planTarget: 'enabling-platforms-2022',
} as const;

export type SeededIds = Record<keyof typeof SEEDED_SLUGS, string>;

/** The global IDs of the SEEDED_SLUGS rows, in one request. */
export async function seededIds(t: TestApp): Promise<SeededIds> {
  const { data, errors } = await graphql(
    t.app,
    `query ($institution: String!, $otherInstitution: String!, $record: String!) {
      institution(slug: $institution) { id }
      otherInstitution: institution(slug: $otherInstitution) { id }
      record(slug: $record) { id }
      networks(first: 100) { nodes { id slug } }
      planTargets(first: 100) { nodes { id slug } }
    }`,
    { institution: SEEDED_SLUGS.institution, otherInstitution: SEEDED_SLUGS.otherInstitution, record: SEEDED_SLUGS.record },
  );
  const bySlug = (nodes: { id: string; slug: string }[], slug: string) => nodes.find((node) => node.slug === slug)?.id;
  const ids = {
    institution: data?.institution?.id,
    otherInstitution: data?.otherInstitution?.id,
    record: data?.record?.id,
    network: bySlug(data?.networks?.nodes ?? [], SEEDED_SLUGS.network),
    planTarget: bySlug(data?.planTargets?.nodes ?? [], SEEDED_SLUGS.planTarget),
  };
  const missing = Object.entries(ids).filter(([, id]) => typeof id !== 'string');
  if (errors || missing.length > 0) {
    throw new Error(`seeded rows not found: ${missing.map(([name]) => SEEDED_SLUGS[name as keyof SeededIds]).join(', ')} ${JSON.stringify(errors ?? [])}`);
  }
  return ids as SeededIds;
}

let sequence = 0;

/** A slug no other call in this test process returns. */
export function uniqueSlug(prefix: string): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

export interface Created {
  id: string;
  slug: string;
  version: number;
}

async function create(
  t: TestApp,
  type: string,
  field: string,
  input: Record<string, unknown>,
  headers: Record<string, string>,
): Promise<Created> {
  const result: MutationResult = await mutate(t, 'create', type, field, input, headers, 'slug');
  if (result.__typename !== `Create${type}Payload`) throw new Error(`could not create a ${type}: ${JSON.stringify(result)}`);
  return result[field] as Created;
}

/** A new university (overridable), created with `headers` (a key with records:write). */
export function newInstitution(t: TestApp, headers: Record<string, string>, input: Record<string, unknown> = {}): Promise<Created> {
  const slug = uniqueSlug('institution');
  return create(t, 'Institution', 'institution', { slug, type: 'UNIVERSITY', name: { en: `Institution ${slug}`, zhHans: '测试机构' }, ...input }, headers);
}

/** A new completed event (overridable). */
export function newRecord(t: TestApp, headers: Record<string, string>, input: Record<string, unknown> = {}): Promise<Created> {
  const slug = uniqueSlug('record');
  return create(
    t,
    'CooperationRecord',
    'record',
    { slug, kind: 'EVENT', status: 'COMPLETED', pillar: 'POLICY_COORDINATION', title: { en: `Record ${slug}`, zhHans: '测试活动' }, ...input },
    headers,
  );
}
