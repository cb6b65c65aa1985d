/**
 * Counters of participations (src/db/counters.ts): the records' link set `institution` — per
 * institution, each live record once, in the bucket of the roles the institution holds in it — and
 * their member set `roles` — each live record once, in the bucket of the roles its public
 * participations hold whichever institutions hold them, and per kind, status, key task and year
 * within each. `records(filter: { institution, roles })`, `institution.participations(roles:)`,
 * `records(filter: { roles, kinds })` and `statistics.recordsByKind(filter: { roles })` read their
 * counts from them while they are current: all must equal the rows counted (the resolvers' answer
 * and plain SQL) after every kind of write — several roles of one institution in one record, one
 * role held by two institutions, roles changed, participations moved, archived, restored and
 * deleted, records changed, archived, restored and deleted, institutions archived and restored —
 * and while the counters are stale.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { PARTICIPANT_ROLES } from '../src/db/enums';
import type { ReadPath } from '../src/plugins/compiled-reads';
import { graphql, type TestApp } from './support/app';
import { createCountedApps } from './support/counted-apps';
import { newInstitution, newRecord, type Created } from './support/fixtures';
import { mutate } from './support/writes';

let t: TestApp;
let resolvers: App;
let writer: Record<string, string>;
let admin: Record<string, string>;
let paths: ReadPath[];

beforeAll(async () => {
  ({ t, resolvers, writer, admin, paths } = await createCountedApps());
  // Every other record involves South Africa (written in SQL: the triggers count it), so the
  // country's totals with roles and kinds have rows to get wrong.
  await t.db.$client.execute(`INSERT OR IGNORE INTO record_countries (record_id, country_code) SELECT id, 'ZA' FROM records WHERE id % 2 = 0`);
});
afterAll(() => t.close());

type Row = Record<string, any>;
const rows = async (query: string, args: unknown[] = []): Promise<Row[]> =>
  (await t.db.$client.execute({ sql: query, args: args as never })).rows.map((row) => ({ ...row }));

const globalId = (type: string, id: unknown) => Buffer.from(`${type}:${String(id)}`).toString('base64');

/** The roles as the counters' buckets hold them: bit i for the i-th role of the enum. */
const roleBit = `CASE p.role ${PARTICIPANT_ROLES.map((role, index) => `WHEN '${role}' THEN ${2 ** index}`).join(' ')} END`;

/** What the counters must hold, counted over the rows: per institution, live records by the set of its live roles in them. */
const recounted = () =>
  rows(`SELECT 'institution=' || institution_id || '/role' AS dimension, roles AS bucket, count(*) AS count FROM (
          SELECT p.institution_id, sum(${roleBit}) AS roles FROM participants p JOIN records r ON r.id = p.record_id
          WHERE p.archived_at IS NULL AND r.archived_at IS NULL GROUP BY p.record_id, p.institution_id
        ) GROUP BY 1, 2 ORDER BY 1, 2`);

const stored = () =>
  rows(`SELECT dimension, bucket, count FROM live_counts WHERE entity = 'records' AND dimension LIKE 'institution=%/role' AND count <> 0 ORDER BY 1, 2`);

/** The same sets per kind, status, key task, year, start and last day of the record (each, and the first four together), and per country and field it names (alone, and with the four), as counted over the rows. */
const recountedWithin = () =>
  rows(`WITH held AS (
          SELECT p.record_id AS id, p.institution_id AS i, r.kind, r.status, r.pillar, r.year, r.starts_on, r.end_key, sum(${roleBit}) AS roles FROM participants p JOIN records r ON r.id = p.record_id
          WHERE p.archived_at IS NULL AND r.archived_at IS NULL GROUP BY p.record_id, p.institution_id)
        SELECT dimension, bucket, count(*) AS count FROM (
          SELECT 'institution=' || i || '+' || roles || '/kind' AS dimension, kind AS bucket FROM held
          UNION ALL SELECT 'institution=' || i || '+' || roles || '/status', status FROM held
          UNION ALL SELECT 'institution=' || i || '+' || roles || '/pillar', pillar FROM held
          UNION ALL SELECT 'institution=' || i || '+' || roles || '/year', ifnull(year, '') FROM held
          UNION ALL SELECT 'institution=' || i || '+' || roles || '/startsOn', ifnull(starts_on, '') FROM held
          UNION ALL SELECT 'institution=' || i || '+' || roles || '/endKey', ifnull(end_key, '') FROM held
          UNION ALL SELECT 'institution=' || i || '+' || roles || '/country', c.country_code FROM held JOIN record_countries c ON c.record_id = held.id
          UNION ALL SELECT 'institution=' || i || '+' || roles || '/field', f.field FROM held JOIN record_fields f ON f.record_id = held.id
          UNION ALL SELECT 'institution#' || i || '+' || roles || '/kind+status+pillar+year', json_array(kind, status, pillar, year) FROM held
          UNION ALL SELECT 'institution!' || i || '+' || roles || '/kind+status+pillar+year+country=' || c.country_code, json_array(kind, status, pillar, year) FROM held JOIN record_countries c ON c.record_id = held.id
          UNION ALL SELECT 'institution!' || i || '+' || roles || '/kind+status+pillar+year+field=' || f.field, json_array(kind, status, pillar, year) FROM held JOIN record_fields f ON f.record_id = held.id)
        GROUP BY 1, 2 ORDER BY 1, 2`);

const storedWithin = () =>
  rows(`SELECT dimension, bucket, count FROM live_counts WHERE entity = 'records' AND (dimension LIKE 'institution=%+%/%' OR dimension LIKE 'institution#%' OR dimension LIKE 'institution!%') AND count <> 0 ORDER BY 1, 2`);

/** What the records' member set of roles must hold, counted over the rows: live records by the roles of their public participations, and within each set by kind, status, key task, year, start and last day (each, and the first four together) and by country and field (alone, with the four, and with kind or year). */
const recountedRoles = () =>
  rows(`WITH held AS (
          SELECT r.id, r.kind, r.status, r.pillar, r.year, r.starts_on, r.end_key, sum(DISTINCT ${roleBit}) AS roles FROM participants p
          JOIN records r ON r.id = p.record_id JOIN institutions i ON i.id = p.institution_id
          WHERE p.archived_at IS NULL AND r.archived_at IS NULL AND i.archived_at IS NULL GROUP BY r.id)
        SELECT dimension, bucket, count(*) AS count FROM (
          SELECT 'roles' AS dimension, roles AS bucket FROM held
          UNION ALL SELECT 'roles=' || roles || '/kind', kind FROM held
          UNION ALL SELECT 'roles=' || roles || '/status', status FROM held
          UNION ALL SELECT 'roles=' || roles || '/pillar', pillar FROM held
          UNION ALL SELECT 'roles=' || roles || '/year', ifnull(year, '') FROM held
          UNION ALL SELECT 'roles=' || roles || '/startsOn', ifnull(starts_on, '') FROM held
          UNION ALL SELECT 'roles=' || roles || '/endKey', ifnull(end_key, '') FROM held
          UNION ALL SELECT 'roles=' || roles || '/country', c.country_code FROM held JOIN record_countries c ON c.record_id = held.id
          UNION ALL SELECT 'roles=' || roles || '/field', f.field FROM held JOIN record_fields f ON f.record_id = held.id
          UNION ALL SELECT 'roles#' || roles || '/kind+status+pillar+year', json_array(kind, status, pillar, year) FROM held
          UNION ALL SELECT 'roles!' || roles || '/kind+status+pillar+year+country=' || c.country_code, json_array(kind, status, pillar, year) FROM held JOIN record_countries c ON c.record_id = held.id
          UNION ALL SELECT 'roles!' || roles || '/kind+status+pillar+year+field=' || f.field, json_array(kind, status, pillar, year) FROM held JOIN record_fields f ON f.record_id = held.id
          UNION ALL SELECT 'roles!' || roles || '/kind+country=' || c.country_code, kind FROM held JOIN record_countries c ON c.record_id = held.id
          UNION ALL SELECT 'roles!' || roles || '/kind+field=' || f.field, kind FROM held JOIN record_fields f ON f.record_id = held.id
          UNION ALL SELECT 'roles!' || roles || '/year+country=' || c.country_code, ifnull(year, '') FROM held JOIN record_countries c ON c.record_id = held.id
          UNION ALL SELECT 'roles!' || roles || '/year+field=' || f.field, ifnull(year, '') FROM held JOIN record_fields f ON f.record_id = held.id)
        GROUP BY 1, 2 ORDER BY 1, 2`);

const storedRoles = () =>
  rows(`SELECT dimension, bucket, count FROM live_counts WHERE entity = 'records' AND (dimension = 'roles' OR dimension LIKE 'roles=%' OR dimension LIKE 'roles#%' OR dimension LIKE 'roles!%') AND count <> 0 ORDER BY 1, 2`);

const ROLE_SETS: (string[] | null)[] = [null, ['HOST'], ['HOST', 'PARTNER'], ['CO_HOST', 'MEMBER', 'ORGANISER', 'GUIDE']];

const QUERY = `query ($id: ID!, $slug: String!, $roles: [ParticipantRole!]) {
  records(first: 2, filter: { institution: $id, roles: $roles }) { totalCount nodes { id } }
  eventsAndTrainings: records(first: 1, filter: { institution: $id, roles: $roles, kinds: [EVENT, TRAINING] }) { totalCount }
  recentlyCompleted: records(first: 1, filter: { institution: $id, roles: $roles, kinds: [EVENT, TRAINING], statuses: [COMPLETED], yearFrom: 2020 }) { totalCount }
  since: records(first: 1, filter: { institution: $id, roles: $roles, dateFrom: "2023-03" }) { totalCount }
  within: records(first: 1, filter: { institution: $id, roles: $roles, dateFrom: "2021-06", dateTo: "2024-02" }) { totalCount }
  statistics { recordsByYear(filter: { institution: $id, roles: $roles }) { year count } recordsByKind(filter: { institution: $id, roles: $roles, kinds: [EVENT] }) { key count } }
  institution(slug: $slug) { participations(first: 2, roles: $roles) { totalCount nodes { id role } } }
}`;

const ROLES_QUERY = `query ($roles: [ParticipantRole!]) {
  records(first: 2, filter: { roles: $roles }) { totalCount nodes { id } }
  inChina: records(first: 1, filter: { roles: $roles, countries: ["CN"] }) { totalCount }
  byCountry: statistics { recordsByCountry(filter: { roles: $roles }) { country { code } count } }
  eventsAndTrainings: records(first: 1, filter: { roles: $roles, kinds: [EVENT, TRAINING] }) { totalCount }
  recentlyCompleted: records(first: 1, filter: { roles: $roles, kinds: [EVENT, TRAINING], statuses: [COMPLETED], yearFrom: 2020 }) { totalCount }
  since: records(first: 1, filter: { roles: $roles, dateFrom: "2023-03" }) { totalCount }
  within: records(first: 1, filter: { roles: $roles, dateFrom: "2021-06", dateTo: "2024-02" }) { totalCount }
  statistics { recordsByKind(filter: { roles: $roles }) { key count } recordsByYear(filter: { roles: $roles, yearFrom: 2020 }) { year count } }
  together: statistics { recordsByStatus(filter: { roles: $roles, kinds: [EVENT, TRAINING] }) { key count } recordsByYear(filter: { roles: $roles, kinds: [EVENT], yearTo: 2024 }) { year count } }
  southAfricaEvents: records(first: 1, filter: { roles: $roles, countries: ["ZA"], kinds: [EVENT, TRAINING] }) { totalCount }
  withCountry: statistics { recordsByStatus(filter: { roles: $roles, countries: ["ZA"] }) { key count } recordsByCountry(filter: { roles: $roles, kinds: [EVENT, TRAINING] }) { country { code } count } }
}`;

/** Records running on or after 2023-03 (their last day, else their start), and those running within 2021-06 to 2024-02 (starting by then), as SQL over `r`. */
const SINCE = `coalesce(r.ends_on, r.starts_on) >= '2023-03'`;
const WITHIN = `coalesce(r.ends_on, r.starts_on) >= '2021-06' AND substr(r.starts_on, 1, 7) <= '2024-02'`;

/** Live records with a public participation in any of the roles, counted over the rows (of some kinds, in a country, meeting `where`). */
async function inRolesOverRows(roles: string[], kinds?: string[], country?: string, where?: string): Promise<number> {
  const ofKinds =
    (kinds ? ` AND r.kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')})` : '') +
    (country ? ` AND EXISTS (SELECT 1 FROM record_countries c WHERE c.record_id = r.id AND c.country_code = '${country}')` : '') +
    (where ? ` AND ${where}` : '');
  const [row] = await rows(
    `SELECT count(*) AS n FROM records r WHERE r.archived_at IS NULL${ofKinds} AND EXISTS (
       SELECT 1 FROM participants p JOIN institutions i ON i.id = p.institution_id
       WHERE p.record_id = r.id AND p.archived_at IS NULL AND i.archived_at IS NULL AND p.role IN (${roles.map((role) => `'${role}'`).join(', ')}))`,
  );
  return Number(row!.n);
}

/** The public participations of an institution (in some roles), as rows: distinct records, and participations. */
async function countedOverRows(institutionId: number, roles: string[] | null, kinds?: string[], where?: string) {
  const inRoles = roles ? ` AND p.role IN (${roles.map((role) => `'${role}'`).join(', ')})` : '';
  const ofKinds = (kinds ? ` AND r.kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')})` : '') + (where ? ` AND ${where}` : '');
  const [row] = await rows(
    `SELECT count(DISTINCT p.record_id) AS records, count(*) AS participations FROM participants p
     JOIN records r ON r.id = p.record_id JOIN institutions i ON i.id = p.institution_id
     WHERE p.institution_id = ? AND p.archived_at IS NULL AND r.archived_at IS NULL AND i.archived_at IS NULL${inRoles}${ofKinds}`,
    [institutionId],
  );
  return { records: Number(row!.records), participations: Number(row!.participations) };
}

/**
 * The counters hold exactly the rows' counts, and for each institution and set of roles both
 * totals, read by the compiled path, equal the resolvers' and the rows'. Returns the totals.
 */
async function expectExact(institutionIds: readonly number[]): Promise<{ records: number; participations: number | null }[]> {
  expect(await stored()).toEqual(await recounted());
  expect(await storedWithin()).toEqual(await recountedWithin());
  expect(await storedRoles()).toEqual(await recountedRoles());
  for (const roles of ROLE_SETS) {
    if (!roles) continue;
    paths.length = 0;
    const answer = await graphql(t.app, ROLES_QUERY, { roles });
    const reference = await graphql(resolvers, ROLES_QUERY, { roles });
    expect(paths[0]).toBe('compiled');
    expect({ data: answer.data, errors: answer.errors }, JSON.stringify(roles)).toEqual({ data: reference.data, errors: reference.errors });
    expect(answer.data!.records.totalCount, JSON.stringify(roles)).toBe(await inRolesOverRows(roles));
    expect(answer.data!.eventsAndTrainings.totalCount, JSON.stringify(roles)).toBe(await inRolesOverRows(roles, ['EVENT', 'TRAINING']));
    expect(answer.data!.recentlyCompleted.totalCount, JSON.stringify(roles)).toBe(
      await inRolesOverRows(roles, ['EVENT', 'TRAINING'], undefined, `r.status = 'COMPLETED' AND r.year >= 2020`),
    );
    const byStatus = answer.data!.together.recordsByStatus as { key: string; count: number }[];
    expect(byStatus.reduce((sum, bucket) => sum + bucket.count, 0), JSON.stringify(roles)).toBe(answer.data!.eventsAndTrainings.totalCount);
    const southAfricaEvents = await inRolesOverRows(roles, ['EVENT', 'TRAINING'], 'ZA');
    expect(answer.data!.southAfricaEvents.totalCount, JSON.stringify(roles)).toBe(southAfricaEvents);
    const sum = (buckets: { count: number }[]) => buckets.reduce((total, bucket) => total + bucket.count, 0);
    expect(sum(answer.data!.withCountry.recordsByStatus), JSON.stringify(roles)).toBe(await inRolesOverRows(roles, undefined, 'ZA'));
    const southAfricaOfKinds = (answer.data!.withCountry.recordsByCountry as { country: { code: string }; count: number }[]).find((bucket) => bucket.country.code === 'ZA');
    expect(southAfricaOfKinds?.count ?? 0, JSON.stringify(roles)).toBe(southAfricaEvents);
    expect(answer.data!.since.totalCount, JSON.stringify(roles)).toBe(await inRolesOverRows(roles, undefined, undefined, SINCE));
    expect(answer.data!.within.totalCount, JSON.stringify(roles)).toBe(await inRolesOverRows(roles, undefined, undefined, WITHIN));
    const inChina = await inRolesOverRows(roles, undefined, 'CN');
    expect(answer.data!.inChina.totalCount, JSON.stringify(roles)).toBe(inChina);
    const china = (answer.data!.byCountry.recordsByCountry as { country: { code: string }; count: number }[]).find((bucket) => bucket.country.code === 'CN');
    expect(china?.count ?? 0, JSON.stringify(roles)).toBe(inChina);
  }
  const totals: { records: number; participations: number | null }[] = [];
  for (const id of institutionIds) {
    const [institution] = await rows(`SELECT slug, archived_at FROM institutions WHERE id = ?`, [id]);
    for (const roles of ROLE_SETS) {
      const variables = { id: globalId('Institution', id), slug: institution!.slug, roles };
      paths.length = 0;
      const answer = await graphql(t.app, QUERY, variables);
      const reference = await graphql(resolvers, QUERY, variables);
      expect(paths[0]).toBe('compiled');
      expect({ data: answer.data, errors: answer.errors }, JSON.stringify(variables)).toEqual({ data: reference.data, errors: reference.errors });
      const expected = await countedOverRows(id, roles);
      expect(answer.data!.records.totalCount, JSON.stringify(variables)).toBe(expected.records);
      const eventsAndTrainings = (await countedOverRows(id, roles, ['EVENT', 'TRAINING'])).records;
      expect(answer.data!.eventsAndTrainings.totalCount, JSON.stringify(variables)).toBe(eventsAndTrainings);
      const recentlyCompleted = (await countedOverRows(id, roles, ['EVENT', 'TRAINING'], `r.status = 'COMPLETED' AND r.year >= 2020`)).records;
      expect(answer.data!.recentlyCompleted.totalCount, JSON.stringify(variables)).toBe(recentlyCompleted);
      expect(answer.data!.since.totalCount, JSON.stringify(variables)).toBe((await countedOverRows(id, roles, undefined, SINCE)).records);
      expect(answer.data!.within.totalCount, JSON.stringify(variables)).toBe((await countedOverRows(id, roles, undefined, WITHIN)).records);
      const years = answer.data!.statistics.recordsByYear as { count: number }[];
      expect(years.reduce((sum, bucket) => sum + bucket.count, 0), JSON.stringify(variables)).toBe(expected.records);
      const events = (answer.data!.statistics.recordsByKind as { key: string; count: number }[]).find((bucket) => bucket.key === 'EVENT')?.count ?? 0;
      expect(events, JSON.stringify(variables)).toBe((await countedOverRows(id, roles, ['EVENT'])).records);
      // An archived institution is not found by its slug; its records filter matches none.
      const participations = answer.data!.institution?.participations.totalCount ?? null;
      expect(participations, JSON.stringify(variables)).toBe(institution!.archived_at ? null : expected.participations);
      totals.push({ records: answer.data!.records.totalCount, participations });
    }
  }
  return totals;
}

const rowIdOf = (created: Created) => Number(Buffer.from(created.id, 'base64').toString().split(':')[1]);

async function busiestInstitutions(count: number): Promise<number[]> {
  return (await rows(`SELECT institution_id FROM participants GROUP BY institution_id ORDER BY count(*) DESC, institution_id LIMIT ?`, [count])).map((row) =>
    Number(row.institution_id),
  );
}

describe('institution participation counters', () => {
  it('hold each live record once per institution after the seed, and the totals read from them equal the rows', async () => {
    const ids = await busiestInstitutions(3);
    // One institution holds several roles in some seeded record: the case the counters exist for.
    const [several] = await rows(`SELECT count(*) AS n FROM (SELECT 1 FROM participants GROUP BY record_id, institution_id HAVING count(*) > 1)`);
    const totals = await expectExact(ids);
    expect(totals.some((total) => total.records > 0)).toBe(true);
    if (Number(several!.n) > 0) expect(await stored()).not.toEqual([]);
  });

  it('follow several roles of one institution in one record, role changes, archive and restore through the API', async () => {
    const institution = await newInstitution(t, writer);
    const other = await newInstitution(t, writer);
    const [first, second] = [await newRecord(t, writer), await newRecord(t, writer)];
    const ids = [rowIdOf(institution), rowIdOf(other)];
    const participate = async (record: Created, by: Created, role: string) => {
      const result = await mutate(t, 'create', 'Participation', 'participation', { record: record.id, institution: by.id, role }, writer);
      expect(result.__typename).toBe('CreateParticipationPayload');
      return result.participation as Created;
    };
    const host = await participate(first, institution, 'HOST');
    const partner = await participate(first, institution, 'PARTNER');
    await participate(first, institution, 'MEMBER');
    await participate(second, institution, 'GUIDE');
    await participate(first, other, 'HOST');
    const totals = await expectExact(ids);
    // Three roles in one record and one in another: two records, four participations.
    expect(totals[0]).toEqual({ records: 2, participations: 4 });

    const changed = await mutate(t, 'update', 'Participation', 'participation', { id: partner.id, version: partner.version, role: 'CO_HOST' }, writer);
    expect(changed.__typename).toBe('UpdateParticipationPayload');
    await expectExact(ids);

    expect((await mutate(t, 'archive', 'Participation', 'participation', { id: host.id, version: host.version }, admin)).__typename).toBe('ArchiveParticipationPayload');
    expect((await expectExact(ids))[1]).toEqual({ records: 0, participations: 0 });
    // A caller who sees archived rows is not answered from the counters, which count public rows only.
    const [otherRow] = await rows(`SELECT slug FROM institutions WHERE id = ?`, [ids[1]]);
    const asAdmin = await graphql(t.app, QUERY, { id: other.id, slug: otherRow!.slug, roles: null }, admin);
    expect(asAdmin.data!.institution.participations.totalCount).toBe(1);
    expect(asAdmin.data).toEqual((await graphql(resolvers, QUERY, { id: other.id, slug: otherRow!.slug, roles: null }, admin)).data);
    expect((await mutate(t, 'restore', 'Participation', 'participation', { id: host.id, version: host.version + 1 }, admin)).__typename).toBe(
      'RestoreParticipationPayload',
    );
    expect((await expectExact(ids))[1]).toEqual({ records: 1, participations: 1 });

    expect((await mutate(t, 'archive', 'CooperationRecord', 'record', { id: first.id, version: first.version }, admin)).__typename).toBe('ArchiveCooperationRecordPayload');
    expect((await expectExact(ids))[0]).toEqual({ records: 1, participations: 1 });
    expect((await mutate(t, 'restore', 'CooperationRecord', 'record', { id: first.id, version: first.version + 1 }, admin)).__typename).toBe(
      'RestoreCooperationRecordPayload',
    );
    expect((await expectExact(ids))[0]).toEqual({ records: 2, participations: 4 });

    expect((await mutate(t, 'archive', 'Institution', 'institution', { id: institution.id, version: institution.version }, admin)).__typename).toBe('ArchiveInstitutionPayload');
    expect((await expectExact(ids))[0]).toEqual({ records: 0, participations: null });
    expect((await mutate(t, 'restore', 'Institution', 'institution', { id: institution.id, version: institution.version + 1 }, admin)).__typename).toBe(
      'RestoreInstitutionPayload',
    );
    expect((await expectExact(ids))[0]).toEqual({ records: 2, participations: 4 });
  });

  it('follow writes in SQL: participations moved between records and institutions, roles swapped, deleted, and records deleted', async () => {
    const ids = await busiestInstitutions(4);
    const [a, b] = ids as [number, number];
    await t.db.$client.batch(
      [
        // A second and third role for one institution in records where it has one.
        { sql: `INSERT OR IGNORE INTO participants (record_id, institution_id, role) SELECT record_id, ?, 'ORGANISER' FROM participants WHERE institution_id = ? AND record_id % 3 = 0`, args: [a, a] },
        { sql: `INSERT OR IGNORE INTO participants (record_id, institution_id, role) SELECT record_id, ?, 'MEMBER' FROM participants WHERE institution_id = ? AND record_id % 2 = 0`, args: [a, a] },
        // Participations moved to another institution and to another record (where free to move).
        { sql: `UPDATE OR IGNORE participants SET institution_id = ? WHERE institution_id = ? AND id % 5 = 0`, args: [b, a] },
        { sql: `UPDATE OR IGNORE participants SET record_id = record_id + 1 WHERE institution_id = ? AND id % 7 = 0 AND record_id + 1 IN (SELECT id FROM records)`, args: [b] },
        { sql: `UPDATE OR IGNORE participants SET role = 'PARTNER' WHERE institution_id IN (?, ?) AND id % 4 = 1`, args: [a, b] },
        { sql: `UPDATE participants SET archived_at = '2026-01-01T00:00:00Z' WHERE institution_id = ? AND id % 6 = 0`, args: [a] },
        { sql: `DELETE FROM participants WHERE institution_id = ? AND id % 9 = 0`, args: [b] },
        // A participation's liveness and institution changed at once.
        { sql: `UPDATE OR IGNORE participants SET archived_at = NULL, institution_id = ? WHERE archived_at IS NOT NULL AND id % 2 = 0`, args: [b] },
        { sql: `UPDATE records SET archived_at = '2026-01-01T00:00:00Z' WHERE id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND id % 4 = 0`, args: [b] },
        // Records' countries and fields changed: their buckets within each set move with them.
        { sql: `INSERT OR IGNORE INTO record_countries (record_id, country_code) SELECT record_id, 'ZA' FROM participants WHERE institution_id = ? AND record_id % 3 = 1`, args: [a] },
        { sql: `DELETE FROM record_countries WHERE record_id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND record_id % 5 = 2`, args: [b] },
        { sql: `UPDATE OR IGNORE record_countries SET country_code = 'BR' WHERE record_id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND record_id % 4 = 1`, args: [a] },
        { sql: `INSERT OR IGNORE INTO record_fields (record_id, field) SELECT record_id, 'TRADE' FROM participants WHERE institution_id = ? AND record_id % 2 = 1`, args: [b] },
        { sql: `UPDATE OR IGNORE record_fields SET field = 'BLOCKCHAIN' WHERE record_id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND record_id % 3 = 0`, args: [a] },
        // Records' own counted columns changed: their role sets move with them.
        { sql: `UPDATE records SET kind = 'TRAINING', year = coalesce(year, 2020) + 1 WHERE id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND id % 4 = 3`, args: [a] },
        // And their dates: the start and last day each set counts them by move too (a last day with no start, a start alone).
        { sql: `UPDATE records SET starts_on = '2031-02', ends_on = '2031-05-02' WHERE id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND id % 6 = 2`, args: [a] },
        { sql: `UPDATE records SET starts_on = NULL, ends_on = '2020-11' WHERE id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND id % 6 = 4`, args: [b] },
        { sql: `UPDATE records SET ends_on = NULL WHERE id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND id % 6 = 5 AND starts_on IS NOT NULL`, args: [b] },
        // An institution archived and another restored in SQL: the roles their participations give come and go.
        { sql: `UPDATE institutions SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [ids[2]!] },
        { sql: `UPDATE institutions SET archived_at = NULL WHERE id = ?`, args: [ids[2]!] },
        { sql: `UPDATE institutions SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [ids[3]!] },
        // Deleting a record deletes its participations (a cascade, after the record is gone).
        { sql: `DELETE FROM records WHERE id IN (SELECT record_id FROM participants WHERE institution_id = ?) AND id % 5 = 1`, args: [a] },
      ],
      'write',
    );
    await expectExact(ids);
  });

  it('are read from the counters while current, and counted over the rows while stale', async () => {
    const [id] = await busiestInstitutions(1);
    const dimension = `institution=${id}/role`;
    await t.db.run(sql`UPDATE live_counts SET count = count + 1000 WHERE entity = 'records' AND dimension = ${dimension}`);
    const variables = async () => ({ id: globalId('Institution', id), slug: (await rows(`SELECT slug FROM institutions WHERE id = ?`, [id]))[0]!.slug, roles: null });
    try {
      const [answer, reference] = [await graphql(t.app, QUERY, await variables()), await graphql(resolvers, QUERY, await variables())];
      expect(answer.data!.records.totalCount).toBeGreaterThanOrEqual(reference.data!.records.totalCount + 1000);
      expect(answer.data!.institution.participations.totalCount).toBeGreaterThanOrEqual(reference.data!.institution.participations.totalCount + 1000);
      const [meta] = await rows(`SELECT value FROM app_meta WHERE key = 'live_counts'`);
      await t.db.run(sql`UPDATE app_meta SET value = 'stale' WHERE key = 'live_counts'`);
      try {
        const [stale, counted] = [await graphql(t.app, QUERY, await variables()), await graphql(resolvers, QUERY, await variables())];
        expect(stale.data).toEqual(counted.data);
        expect(stale.data!.records.totalCount).toBe((await countedOverRows(id!, null)).records);
      } finally {
        await t.db.run(sql`UPDATE app_meta SET value = ${meta!.value} WHERE key = 'live_counts'`);
      }
    } finally {
      await t.db.run(sql`UPDATE live_counts SET count = count - 1000 WHERE entity = 'records' AND dimension = ${dimension}`);
    }
    await expectExact([id!]);
  });

  it('give a roles filter its totals from the member set while current, and count the rows while stale', async () => {
    const roles = ['HOST', 'GUIDE'];
    // The set holding a host that most records hold, and its events.
    const [held] = await rows(`SELECT bucket FROM live_counts WHERE entity = 'records' AND dimension = 'roles' AND (bucket & 1) <> 0 AND count > 0 ORDER BY count DESC, bucket LIMIT 1`);
    const inSet = (dimension: string, bucket: unknown, change: number) =>
      t.db.run(sql`UPDATE live_counts SET count = count + ${change} WHERE entity = 'records' AND dimension = ${dimension} AND bucket = ${bucket}`);
    const eventsOfSet = `roles=${String(held!.bucket)}/kind`;
    const [events] = await rows(`SELECT count(*) AS n FROM live_counts WHERE entity = 'records' AND dimension = ? AND bucket = 'EVENT'`, [eventsOfSet]);
    if (Number(events!.n) === 0) await t.db.run(sql`INSERT INTO live_counts (entity, dimension, bucket, count) VALUES ('records', ${eventsOfSet}, 'EVENT', 0)`);
    // And the same set's completed events of 2021, with all four columns together.
    const together = `roles#${String(held!.bucket)}/kind+status+pillar+year`;
    const completed = '["EVENT","COMPLETED","TALENT_DEVELOPMENT",2021]';
    await t.db.run(sql`INSERT INTO live_counts (entity, dimension, bucket, count) VALUES ('records', ${together}, ${completed}, 0) ON CONFLICT DO NOTHING`);
    // And its events in South Africa, by kind with the country (kinds alone need no other column).
    const withCountry = `roles!${String(held!.bucket)}/kind+country=ZA`;
    const inSouthAfrica = 'EVENT';
    await t.db.run(sql`INSERT INTO live_counts (entity, dimension, bucket, count) VALUES ('records', ${withCountry}, ${inSouthAfrica}, 0) ON CONFLICT DO NOTHING`);
    await inSet(withCountry, inSouthAfrica, 1000);
    await inSet('roles', held!.bucket, 1000);
    await inSet(eventsOfSet, 'EVENT', 1000);
    await inSet(together, completed, 1000);
    try {
      const [answer, reference] = [await graphql(t.app, ROLES_QUERY, { roles }), await graphql(resolvers, ROLES_QUERY, { roles })];
      expect(answer.data!.records.totalCount).toBe(reference.data!.records.totalCount + 1000);
      expect(answer.data!.eventsAndTrainings.totalCount).toBe(reference.data!.eventsAndTrainings.totalCount + 1000);
      expect(answer.data!.recentlyCompleted.totalCount).toBe(reference.data!.recentlyCompleted.totalCount + 1000);
      expect(answer.data!.southAfricaEvents.totalCount).toBe(reference.data!.southAfricaEvents.totalCount + 1000);
      const completedIn2021 = (data: any) => data.together.recordsByYear.find((bucket: { year: number }) => bucket.year === 2021)?.count ?? 0;
      expect(completedIn2021(answer.data)).toBe((await inRolesOverRows(roles, ['EVENT'], undefined, 'r.year = 2021')) + 1000);
      expect(completedIn2021(reference.data)).toBe(completedIn2021(answer.data));
      const byKind = (data: any) => Object.fromEntries(data.statistics.recordsByKind.map((bucket: { key: string; count: number }) => [bucket.key, bucket.count]));
      // Statistics read the counters on both paths.
      expect(byKind(answer.data).EVENT).toBe((await inRolesOverRows(roles, ['EVENT'])) + 1000);
      expect(byKind(reference.data).EVENT).toBe(byKind(answer.data).EVENT);
      const [meta] = await rows(`SELECT value FROM app_meta WHERE key = 'live_counts'`);
      await t.db.run(sql`UPDATE app_meta SET value = 'stale' WHERE key = 'live_counts'`);
      try {
        const [stale, counted] = [await graphql(t.app, ROLES_QUERY, { roles }), await graphql(resolvers, ROLES_QUERY, { roles })];
        expect(stale.data).toEqual(counted.data);
        expect(stale.data!.records.totalCount).toBe(await inRolesOverRows(roles));
      } finally {
        await t.db.run(sql`UPDATE app_meta SET value = ${meta!.value} WHERE key = 'live_counts'`);
      }
    } finally {
      await inSet('roles', held!.bucket, -1000);
      await inSet(eventsOfSet, 'EVENT', -1000);
      await inSet(together, completed, -1000);
      await inSet(withCountry, inSouthAfrica, -1000);
    }
    await expectExact([]);
  });
});
