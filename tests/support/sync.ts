/**
 * Offline-sync test kit, shared by the Node and workerd tests (no Node-only imports): a writer that
 * performs a fixed number of mixed writes from a few concurrent loops, a replica that applies the
 * change feed, and the server's state as its lists show it.
 */

export type Post = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<{
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}>;

/** A `Post` that sends each operation as a JSON POST to `url` through `fetcher` (global fetch, or a Worker's). */
export function postVia(url: string, fetcher: (url: string, init: RequestInit) => Promise<Response> = fetch): Post {
  return async (query, variables, headers = {}) => {
    const response = await fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Awaited<ReturnType<Post>>;
  };
}

/** Global ID → type and version of every object a caller can see. */
export type ObjectState = Map<string, { type: string; version: number }>;

import { ENTITIES, WRITABLE_TYPES, type WritableType } from '../../src/db/entities';

export const VERSION_FRAGMENTS = WRITABLE_TYPES.map((type) => `... on ${type} { version }`).join(' ');

export const CHANGES_QUERY = `query Changes($since: String, $first: Int) {
  changes(since: $since, first: $first) {
    cursor
    pageInfo { hasNextPage }
    nodes { objectId objectType action version causedBy object { id __typename ${VERSION_FRAGMENTS} } }
  }
}`;

export interface ChangePage {
  cursor: string;
  pageInfo: { hasNextPage: boolean };
  nodes: { objectId: string; objectType: string; action: string; version: number; causedBy: string | null; object: { id: string; __typename: string; version: number } | null }[];
}

/** A local copy fed by `changes`: store what comes, remove what comes as null. */
export class Replica {
  readonly objects: ObjectState = new Map();
  cursor: string | null = null;
  pages = 0;

  apply(page: ChangePage): void {
    for (const change of page.nodes) {
      if (change.object) this.objects.set(change.objectId, { type: change.object.__typename, version: change.object.version });
      else this.objects.delete(change.objectId);
    }
    this.cursor = page.cursor;
    this.pages += 1;
  }

  /** Follows the feed until it reports no next page; returns the number of pages read. */
  async catchUp(post: Post, headers: Record<string, string> = {}): Promise<number> {
    let pages = 0;
    for (;;) {
      const { data, errors } = await post(CHANGES_QUERY, { since: this.cursor, first: 100 }, headers);
      if (errors || !data) throw new Error(`changes failed: ${JSON.stringify(errors)}`);
      this.apply(data.changes as ChangePage);
      pages += 1;
      if (!(data.changes as ChangePage).pageInfo.hasNextPage) return pages;
    }
  }
}

async function pages<T>(post: Post, field: string, selection: string, pageSize: number, headers: Record<string, string>): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const { data, errors } = await post(
      `query ($after: String) { list: ${field}(first: ${pageSize}, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`,
      { after },
      headers,
    );
    if (errors || !data) throw new Error(`${field} failed: ${JSON.stringify(errors)}`);
    const list = data.list as { pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: T[] };
    items.push(...list.nodes);
    if (!list.pageInfo.hasNextPage) return items;
    after = list.pageInfo.endCursor;
  }
}

interface Versioned {
  id: string;
  version: number;
}
interface Link extends Versioned {
  institution: { id: string };
}
/** A listed object with the link connections selected under it. */
type Listed = Versioned & Record<string, { pageInfo: { hasNextPage: boolean }; nodes: Link[] }>;

/** Link types: listed under their parent (`field`), visible only with both ends. */
const LINKS: Partial<Record<WritableType, { parent: WritableType; field: string }>> = {
  NetworkMembership: { parent: 'Network', field: 'members' },
  Participation: { parent: 'CooperationRecord', field: 'participants' },
};
/** Every other entity has a root list named by its registry key. */
const LISTED_TYPES = WRITABLE_TYPES.filter((type) => !(type in LINKS));

/**
 * What the lists show: every object of the root lists, and the memberships and participations
 * listed under them whose institution is listed too (a link is visible only with both its ends).
 */
export async function serverState(post: Post, headers: Record<string, string> = {}): Promise<ObjectState> {
  const state: ObjectState = new Map();
  const listed = new Map<WritableType, Listed[]>();
  const add = (type: string, items: Versioned[]) => {
    for (const item of items) state.set(item.id, { type, version: item.version });
  };
  // One list after another: a rate limit charges each page's cost up front.
  for (const type of LISTED_TYPES) {
    const links = Object.entries(LINKS).filter(([, link]) => link.parent === type);
    const selection = ['id version', ...links.map(([, link]) => `${link.field}(first: 100) { pageInfo { hasNextPage } nodes { id version institution { id } } }`)].join(' ');
    const items = await pages<Listed>(post, ENTITIES[type].key, selection, links.length ? 10 : 100, headers);
    add(type, items);
    listed.set(type, items);
  }
  for (const [linkType, link] of Object.entries(LINKS)) {
    for (const parent of listed.get(link.parent) ?? []) {
      const connection = parent[link.field]!;
      if (connection.pageInfo.hasNextPage) throw new Error(`a ${link.parent} has more than 100 ${link.field}: page them`);
      add(linkType, connection.nodes.filter((item) => state.has(item.institution.id)));
    }
  }
  return state;
}

/** Objects per type, for readable comparisons. */
export function countsByType(state: ObjectState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { type } of state.values()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** Sorted `[id, type, version]` triples: equal iff two states hold the same objects at the same versions. */
export function entries(state: ObjectState): [string, string, number][] {
  return [...state].map(([id, { type, version }]) => [id, type, version] as [string, string, number]).sort((a, b) => a[0].localeCompare(b[0]));
}

// ---------------------------------------------------------------------------------------------
// The writer

interface Owned {
  type: 'Institution' | 'Network' | 'NetworkMembership' | 'CooperationRecord' | 'Participation' | 'Indicator';
  id: string;
  version: number;
  archived: boolean;
}

const FIELD: Record<Owned['type'], string> = {
  Institution: 'institution',
  Network: 'network',
  NetworkMembership: 'membership',
  CooperationRecord: 'record',
  Participation: 'participation',
  Indicator: 'indicator',
};

/** Small deterministic generator, so a failing run can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)]!;

export interface WriterOptions {
  /** Writes in total, spread over the loops. */
  writes: number;
  loops: number;
  /** Key with the admin scope (restores need it). */
  headers: Record<string, string>;
  /** Makes slugs unique across runs against the same database. */
  prefix: string;
  /** Institutions links may point to besides the writer's own (seeded ones). */
  sharedInstitutions: readonly string[];
}

export interface WriterOptionsWithProgress extends WriterOptions {
  /** Called after every write attempt with the number attempted so far. */
  onProgress?: (attempted: number) => void;
}

export interface WriterReport {
  applied: number;
  failed: { operation: string; result: unknown }[];
  byAction: Record<string, number>;
}

/**
 * Creates, updates, archives and restores institutions, networks, memberships, records,
 * participations and indicators; each loop touches only what it created (no version conflicts),
 * and archives institutions, networks and records that have links, so the feed must hide and
 * show their links too.
 */
export async function runWriter(post: Post, options: WriterOptionsWithProgress): Promise<WriterReport> {
  const report: WriterReport = { applied: 0, failed: [], byAction: {} };
  let remaining = options.writes;

  const mutate = async (verb: 'create' | 'update' | 'archive' | 'restore', type: Owned['type'], input: Record<string, unknown>) => {
    const Verb = verb[0]!.toUpperCase() + verb.slice(1);
    const field = FIELD[type];
    const { data, errors } = await post(
      `mutation ($input: ${Verb}${type}Input!) { result: ${verb}${type}(input: $input) { __typename ... on ${Verb}${type}Payload { ${field} { id version } } ... on MutationError { message } } }`,
      { input },
      options.headers,
    );
    const result = data?.result as Record<string, any> | undefined;
    const object = result?.[field] as { id: string; version: number } | undefined;
    if (errors || !object) {
      report.failed.push({ operation: `${verb}${type}`, result: errors ?? result });
      return null;
    }
    report.applied += 1;
    report.byAction[verb] = (report.byAction[verb] ?? 0) + 1;
    options.onProgress?.(options.writes - remaining);
    return object;
  };

  const loop = async (index: number) => {
    const next = random(index * 7919 + 17);
    const owned: Owned[] = [];
    const linked = new Set<string>();
    const visible = (type: Owned['type']) => owned.filter((item) => item.type === type && !item.archived);
    const create = async (type: Owned['type'], input: Record<string, unknown>) => {
      remaining -= 1;
      const object = await mutate('create', type, input);
      if (object) owned.push({ type, id: object.id, version: object.version, archived: false });
    };
    // Each attempted write takes one from the shared budget; skipped choices take none.
    for (let step = 0; remaining > 0 && step < options.writes * 10; step++) {
      const slug = `${options.prefix}-${index}-${step}`;
      const choice = next();
      const institutions = [...visible('Institution').map((item) => item.id), ...options.sharedInstitutions];
      const networks = visible('Network');
      const records = visible('CooperationRecord');
      if (choice < 0.1 || visible('Institution').length === 0) {
        await create('Institution', { slug, type: 'COMPANY', name: { en: `Sync test company ${slug}`, zhHans: `同步测试公司${step}` } });
      } else if (choice < 0.16 || networks.length === 0) {
        await create('Network', { slug, kind: 'INDUSTRY_ALLIANCE', status: 'ESTABLISHED', pillar: 'PROJECT_DEVELOPMENT', name: { en: `Sync alliance ${slug}`, zhHans: `同步联盟${step}` } });
      } else if (choice < 0.22 || records.length === 0) {
        await create('CooperationRecord', { slug, kind: 'EVENT', status: 'PLANNED', pillar: 'POLICY_COORDINATION', title: { en: `Sync forum ${slug}`, zhHans: `同步论坛${step}` }, startsOn: '2024-05-01' });
      } else if (choice < 0.26) {
        await create('Indicator', { slug, pillar: 'PROJECT_DEVELOPMENT', name: { en: `Sync figure ${slug}`, zhHans: `同步数字${step}` }, value: step, unit: 'COUNT' });
      } else if (choice < 0.42) {
        // A link between something of this loop and an institution not yet linked to it.
        const membership = next() < 0.5;
        const end = pick(membership ? networks : records, next);
        const institution = pick(institutions, next);
        const key = `${end.id}|${institution}`;
        if (linked.has(key)) continue;
        linked.add(key);
        if (membership) await create('NetworkMembership', { network: end.id, institution, role: 'MEMBER' });
        else await create('Participation', { record: end.id, institution, role: 'PARTNER' });
      } else {
        const action = choice < 0.7 ? 'update' : choice < 0.85 ? 'archive' : 'restore';
        const candidates = owned.filter((item) => item.archived === (action === 'restore'));
        if (candidates.length === 0) continue;
        const target = pick(candidates, next);
        const input: Record<string, unknown> = { id: target.id, version: target.version };
        if (action === 'update') Object.assign(input, UPDATES[target.type](step));
        remaining -= 1;
        const object = await mutate(action, target.type, input);
        if (object) {
          target.version = object.version;
          if (action !== 'update') target.archived = action === 'archive';
        }
      }
    }
  };

  await Promise.all(Array.from({ length: options.loops }, (_, index) => loop(index)));
  return report;
}

const UPDATES: Record<Owned['type'], (step: number) => Record<string, unknown>> = {
  Institution: (step) => ({ acronym: `S${step}` }),
  Network: (step) => ({ status: step % 2 ? 'EXPANDING' : 'ESTABLISHED' }),
  NetworkMembership: (step) => ({ role: step % 2 ? 'LEAD' : 'MEMBER' }),
  CooperationRecord: (step) => ({ status: step % 2 ? 'ONGOING' : 'COMPLETED' }),
  Participation: (step) => ({ role: step % 2 ? 'HOST' : 'PARTNER' }),
  Indicator: (step) => ({ value: step * 2 }),
};

/**
 * Compares a replica with the lists once the feed is quiet: catch up, read the lists, catch up
 * again; when the second catch-up brought nothing, nobody wrote in between and the two must agree.
 * Other tests may write to a shared database meanwhile; then it tries again (bounded).
 */
export async function settledComparison(post: Post, replica: Replica, headers: Record<string, string> = {}, attempts = 20): Promise<{ replica: ObjectState; lists: ObjectState }> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    await replica.catchUp(post);
    const before = replica.cursor;
    const lists = await serverState(post, headers);
    await replica.catchUp(post);
    if (replica.cursor === before) return { replica: replica.objects, lists };
  }
  throw new Error(`the database did not stay quiet for one comparison in ${attempts} attempts`);
}
