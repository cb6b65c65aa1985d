/**
 * Data fidelity through the API: standard Traditional text in every script path (seed, mutations,
 * databases seeded before the fix), inferences flagged, progress that counts only what happened,
 * fields of indicators and targets, units the sources do not give, source disagreements and
 * memberships no source names.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../src/db/schema';
import { seedDatabase, SEED_VERSION } from '../src/db/seed/apply';
import { createTestApp, graphql, type TestApp } from './support/app';
import { bearer, mutate } from './support/writes';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function query<T = Record<string, any>>(text: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await graphql<T>(t.app, text, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

describe('standard Traditional in the API', () => {
  it('names and descriptions the report mis-converted read in standard Traditional', async () => {
    const data = await query(`{
      bnu: institution(slug: "bnu") { name(locale: ZH_HANT) }
      base { description(locale: ZH_HANT) }
      forum: record(slug: "industrial-internet-digital-manufacturing-forum-2022") { title(locale: ZH_HANT) titleTranslations { zhHans } }
      centre: branchCentres(first: 20, filter: { kinds: [MIIT_BRANCH] }) { nodes { slug name(locale: ZH_HANT) } }
      committee: networks(first: 20, filter: { kinds: [ADVISORY_COMMITTEE] }) { nodes { name(locale: ZH_HANT) } }
    }`);
    expect(data.bnu.name).toBe('北京師範大學');
    expect(data.base.description).toContain('夥伴關係');
    expect(data.forum.title).toBe('金磚國家工業互聯網與數字製造發展論壇');
    expect(data.forum.titleTranslations.zhHans).toBe('金砖国家工业互联网与数字制造发展论坛');
    const manufacturing = data.centre.nodes.find(
      (node: { slug: string }) => node.slug === 'brics-manufacturing-innovation-commercialisation-centre',
    );
    expect(manufacturing.name).toBe('金磚國家製造業創新成果產業化服務中心');
    expect(data.committee.nodes[0].name).toBe('金磚創新基地戰略諮詢委員會');
  });

  it('a mutation stores Traditional text in its standard form, whichever script it was given in', async () => {
    const writer = await bearer(t, 'fidelity-writer', ['records:write']);
    const fromTraditional = await mutate(
      t,
      'create',
      'Institution',
      'institution',
      { slug: 'fidelity-normal-school', type: 'UNIVERSITY', name: { zhHant: '廈門師范學院製造業伙伴', en: 'Test' } },
      writer,
      'nameTranslations { zhHans zhHant }',
    );
    expect(fromTraditional.__typename).toBe('CreateInstitutionPayload');
    expect((fromTraditional['institution'] as any).nameTranslations).toEqual({
      zhHans: '厦门师范学院制造业伙伴',
      zhHant: '廈門師範學院製造業夥伴',
    });
    const fromSimplified = await mutate(
      t,
      'create',
      'Institution',
      'institution',
      { slug: 'fidelity-manufacturing', type: 'COMPANY', name: { zhHans: '金砖国家制造业咨询', en: 'Test' } },
      writer,
      'nameTranslations { zhHans zhHant }',
    );
    expect((fromSimplified['institution'] as any).nameTranslations.zhHant).toBe('金磚國家製造業諮詢');
  });
});

describe('claims and their basis', () => {
  it('the 2022 MIIT branches say their launch is inferred, and why', async () => {
    const data = await query(`{ branchCentres(first: 20, filter: { kinds: [MIIT_BRANCH] }) { nodes {
      slug status launchedOn citations { basis paragraph note(locale: EN) noteTranslations { zhHant } source { kind } }
    } } }`);
    const byslug = new Map(data.branchCentres.nodes.map((node: { slug: string }) => [node.slug, node]));
    for (const slug of ['brics-manufacturing-innovation-commercialisation-centre', 'it-standards-ip-service-centre']) {
      const centre = byslug.get(slug) as any;
      expect(centre.status).toBe('LAUNCHED');
      const inferred = centre.citations.filter((citation: { basis: string }) => citation.basis === 'INFERRED');
      expect(inferred).toHaveLength(1);
      expect(inferred[0].source.kind).toBe('SUPPLEMENTARY_FACT');
      expect(inferred[0].note).toMatch(/^Inference: /);
      expect(inferred[0].noteTranslations.zhHant).toMatch(/^推斷：/);
      // The report's paragraph that plans them is stated by the source.
      expect(centre.citations).toContainEqual(expect.objectContaining({ basis: 'SOURCE_STATES', paragraph: 27 }));
    }
    // The 2021 branches rest on the source's own words.
    const caict = byslug.get('caict-southeast-innovation-centre') as any;
    expect(caict.citations.every((citation: { basis: string; note: string | null }) => citation.basis === 'SOURCE_STATES' && citation.note === null)).toBe(true);
  });

  it('the trainings cite the paragraph that names them; the rail figures do not cite the photo caption', async () => {
    const data = await query(`{
      training: record(slug: "brics-green-finance-workshop") { citations { paragraph basis } }
      indicators(first: 100) { nodes { slug citations { paragraph } } }
    }`);
    expect(data.training.citations[0]).toEqual({ paragraph: 16, basis: 'SOURCE_STATES' });
    expect(data.training.citations).toContainEqual({ paragraph: 17, basis: 'INFERRED' });
    const rail = data.indicators.nodes.filter((node: { slug: string }) => node.slug.startsWith('china-europe-rail'));
    expect(rail).toHaveLength(2);
    for (const indicator of rail) expect(indicator.citations).toEqual([{ paragraph: 25 }]);
  });

  it('claims no source makes are gone: a guessed website, a Chinese alternative name, a unit for a growth rate', async () => {
    const data = await query(`{
      base { website }
      competition: record(slug: "brics-skills-competition-2022") { summaryTranslations { zhHans zhHant } }
      indicators(first: 100, filter: { units: [NOT_STATED] }) { totalCount nodes { slug value unit changePercent } }
    }`);
    expect(data.base.website).toBeNull();
    expect(data.competition.summaryTranslations.zhHans).not.toContain('竞赛');
    expect(data.indicators.nodes.map((node: { slug: string }) => node.slug).sort()).toEqual([
      'xiamen-brics-container-throughput-2021',
      'xiamen-brics-foreign-receipts-payments-2021',
    ]);
    for (const node of data.indicators.nodes) expect(node).toMatchObject({ value: null, unit: 'NOT_STATED' });
    expect(data.indicators.totalCount).toBe(2);
  });
});

describe('fields, disagreements and memberships', () => {
  it('the demonstration units and the training programmes carry the fields they cover', async () => {
    const data = await query(`{
      indicators(first: 100) { nodes { slug fields } }
      planTargets(first: 20) { nodes { slug fields } }
    }`);
    const units = data.indicators.nodes.find((node: { slug: string }) => node.slug === 'brics-demonstration-units-selected');
    expect(units.fields.sort()).toEqual(['DIGITAL_MANUFACTURING', 'GREEN_DEVELOPMENT']);
    const programmes = data.planTargets.nodes.find((node: { slug: string }) => node.slug === 'demonstration-training-programmes-2022');
    expect(programmes.fields.sort()).toEqual(['ARTIFICIAL_INTELLIGENCE', 'BIG_DATA', 'BLOCKCHAIN', 'INDUSTRIAL_INTERNET']);
    const filtered = await query(`{
      green: indicators(first: 10, filter: { fields: [GREEN_DEVELOPMENT] }) { totalCount nodes { slug } }
      blockchain: planTargets(first: 10, filter: { fields: [BLOCKCHAIN] }) { totalCount nodes { slug } }
    }`);
    expect(filtered.green).toEqual({ totalCount: 1, nodes: [{ slug: 'brics-demonstration-units-selected' }] });
    expect(filtered.blockchain).toEqual({ totalCount: 1, nodes: [{ slug: 'demonstration-training-programmes-2022' }] });
  });

  it('the kick-off length keeps both sources: six days in the report, 24–28 May in another', async () => {
    const data = await query(`{
      record(slug: "brics-skills-competition-2022-kick-off") {
        startsOn endsOn
        sourceDisagreements { slug topic(locale: EN) claims { statement(locale: EN) paragraph source { kind url } } }
        indicators { slug value unit sourceDisagreements { slug } }
      }
    }`);
    expect(data.record).toMatchObject({ startsOn: '2022-05-24', endsOn: '2022-05-28' });
    const [disagreement] = data.record.sourceDisagreements;
    expect(disagreement.slug).toBe('skills-competition-kick-off-length');
    expect(disagreement.claims).toEqual([
      { statement: 'It lasts six days.', paragraph: 3, source: { kind: 'NEWS_REPORT', url: null } },
      {
        statement: '24–28 May 2022 (five days, counting both ends).',
        paragraph: null,
        source: { kind: 'SUPPLEMENTARY_FACT', url: 'http://en.bricsfuture.org.cn/a/17-68.html' },
      },
    ]);
    const duration = data.record.indicators.find((node: { slug: string }) => node.slug === 'skills-competition-kick-off-duration');
    expect(duration).toMatchObject({ value: 6, unit: 'DAYS', sourceDisagreements: [{ slug: 'skills-competition-kick-off-length' }] });
  });

  it('a network no source lists members of reads as "none named", not as complete', async () => {
    const data = await query(`{ networks(first: 100) { nodes { slug membershipIncomplete membership members(first: 10) { totalCount } } } }`);
    const bySlug = new Map(data.networks.nodes.map((node: { slug: string }) => [node.slug, node]));
    expect(bySlug.get('think-tank-alliance')).toMatchObject({ membershipIncomplete: true, membership: 'SOME_NAMED' });
    const unnamed = data.networks.nodes.filter((node: any) => node.members.totalCount === 0);
    expect(unnamed.length).toBe(5);
    for (const node of unnamed) expect(node).toMatchObject({ membershipIncomplete: true, membership: 'NONE_NAMED' });
  });
});

describe('writing fields and units', () => {
  it('indicators and plan targets take their fields and a NOT_STATED unit through mutations', async () => {
    const writer = await bearer(t, 'fields-writer', ['records:write']);
    const growthOnly = await mutate(
      t,
      'create',
      'Indicator',
      'indicator',
      {
        slug: 'fidelity-growth-only',
        pillar: 'PROJECT_DEVELOPMENT',
        name: { zhHans: '测试增长率', en: 'Test growth' },
        unit: 'NOT_STATED',
        changePercent: 12.5,
        fields: ['TRADE', 'E_COMMERCE'],
      },
      writer,
      'unit value changePercent fields',
    );
    expect(growthOnly.__typename).toBe('CreateIndicatorPayload');
    const indicator = growthOnly['indicator'] as { unit: string; fields: string[]; value: number | null };
    expect(indicator).toMatchObject({ unit: 'NOT_STATED', value: null });
    expect([...indicator.fields].sort()).toEqual(['E_COMMERCE', 'TRADE']);
    const [stored] = await t.db.select({ unit: schema.indicators.unit }).from(schema.indicators).where(eq(schema.indicators.slug, 'fidelity-growth-only'));
    expect(stored!.unit).toBeNull();

    const levelWithoutUnit = await mutate(
      t,
      'create',
      'Indicator',
      'indicator',
      { slug: 'fidelity-level', pillar: 'PROJECT_DEVELOPMENT', name: { zhHans: '测试', en: 'Test' }, unit: 'NOT_STATED', value: 5 },
      writer,
    );
    expect(levelWithoutUnit.__typename).toBe('ValidationError');
    expect(levelWithoutUnit.issues).toContainEqual(expect.objectContaining({ path: ['input', 'unit'] }));

    const { data } = await graphql(t.app, `{ planTargets(first: 20) { nodes { id version slug } } }`, undefined, writer);
    const target = data!.planTargets.nodes.find((node: { slug: string }) => node.slug === 'enabling-platforms-2022');
    const updated = await mutate(
      t,
      'update',
      'PlanTarget',
      'planTarget',
      { id: target.id, version: target.version, fields: ['SUPPLY_CHAIN', 'STANDARDISATION'] },
      writer,
      'fields',
    );
    expect(updated.__typename).toBe('UpdatePlanTargetPayload');
    expect([...((updated['planTarget'] as { fields: string[] }).fields)].sort()).toEqual(['STANDARDISATION', 'SUPPLY_CHAIN']);
  });
});

describe('plan progress', () => {
  // Read with a key: keyed requests bypass the response cache, so a read after a write sees it.
  let reader: Record<string, string>;
  beforeAll(async () => {
    reader = await bearer(t, 'progress-reader', ['records:write']);
  });
  const progressOf = async (slug: string) => {
    const result = await graphql(
      t.app,
      `{ planTargets(first: 20) { nodes { id slug progress { recorded inferred planned reported achieved ratio met } } } }`,
      undefined,
      reader,
    );
    expect(result.errors).toBeUndefined();
    return result.data!.planTargets.nodes.find((node: { slug: string }) => node.slug === slug);
  };

  it('the 4-branch target counts 2 launched branches, both by inference', async () => {
    expect((await progressOf('miit-branches-2022')).progress).toEqual({
      recorded: 2,
      inferred: 2,
      planned: 0,
      reported: null,
      achieved: 2,
      ratio: 0.5,
      met: false,
    });
    expect((await progressOf('enabling-platforms-2022')).progress).toMatchObject({ recorded: 3, inferred: 0, reported: 8, achieved: 8, met: true });
  });

  it('a planned item is shown as planned and does not count as achieved', async () => {
    const writer = reader;
    const target = await progressOf('miit-branches-2022');
    const created = await mutate(
      t,
      'create',
      'BranchCentre',
      'branchCentre',
      {
        slug: 'fidelity-planned-branch',
        kind: 'MIIT_BRANCH',
        status: 'PLANNED',
        name: { zhHans: '测试分支机构', en: 'Test branch' },
        target: target.id,
      },
      writer,
    );
    expect(created.__typename).toBe('CreateBranchCentrePayload');
    expect((await progressOf('miit-branches-2022')).progress).toMatchObject({ recorded: 2, inferred: 2, planned: 1, achieved: 2 });
  });

  it('counts linked records by status and inference, leaving archived ones out', async () => {
    const target = await progressOf('miit-branches-2022');
    const before = target.progress;
    const targetId = Number(Buffer.from(target.id, 'base64').toString().split(':')[1]);
    // Any four records of no target and no inference of their own (which seeded ones they are does not matter).
    const free = await t.db.$client.execute(
      `SELECT id FROM records WHERE target_id IS NULL AND archived_at IS NULL
         AND id NOT IN (SELECT record_id FROM citations WHERE basis = 'INFERRED' AND record_id IS NOT NULL) LIMIT 4`,
    );
    expect(free.rows).toHaveLength(4);
    const [completed, inferredOngoing, planned, archived] = free.rows.map((row) => Number(row.id));
    const link = (id: number | undefined, status: string) =>
      t.db.$client.execute({ sql: `UPDATE records SET target_id = ?, status = ? WHERE id = ?`, args: [targetId, status, id!] });
    await link(completed, 'COMPLETED');
    await link(inferredOngoing, 'ONGOING');
    await link(planned, 'PLANNED');
    await link(archived, 'COMPLETED');
    await t.db.$client.execute({ sql: `UPDATE records SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?`, args: [archived!] });
    const source = Number((await t.db.$client.execute(`SELECT min(id) AS id FROM sources`)).rows[0]!.id);
    await t.db.$client.execute({ sql: `INSERT INTO citations (source_id, basis, record_id) VALUES (?, 'INFERRED', ?)`, args: [source, inferredOngoing!] });
    // An inference on a planned record counts nowhere but in `planned`.
    await t.db.$client.execute({ sql: `INSERT INTO citations (source_id, basis, record_id) VALUES (?, 'INFERRED', ?)`, args: [source, planned!] });
    expect((await progressOf('miit-branches-2022')).progress).toMatchObject({
      recorded: before.recorded + 2,
      inferred: before.inferred + 1,
      planned: before.planned + 1,
    });
  });
});

describe('a database seeded before these corrections', () => {
  it('gets standard Traditional everywhere and the corrected claims on rows no one edited', async () => {
    const old = await createTestApp();
    try {
      const db = old.db;
      // What an earlier seed stored: the report's Traditional, a unit for a growth rate, no fields.
      await db.update(schema.institutions).set({ nameZhHant: '北京師范大學' }).where(eq(schema.institutions.slug, 'bnu'));
      await db
        .update(schema.indicators)
        .set({ unit: 'CNY' })
        .where(eq(schema.indicators.slug, 'xiamen-brics-foreign-receipts-payments-2021'));
      await db.delete(schema.indicatorFields);
      const [park] = await db.select({ id: schema.records.id }).from(schema.records).where(eq(schema.records.slug, 'brics-future-innovation-park-unveiling'));
      await db.insert(schema.recordFields).values({ recordId: park!.id, field: 'INNOVATION' });
      await db.run(sql`UPDATE citations SET basis = 'SOURCE_STATES', note_zh_hant = NULL, note_zh_hans = NULL, note_en = NULL`);
      // A row someone edited (version 2) keeps its values, but its Traditional text is still standardised.
      await db
        .update(schema.institutions)
        .set({ version: 2, website: 'https://example.org', nameZhHant: '中國社科院伙伴' , nameZhHans: '中国社科院伙伴' })
        .where(eq(schema.institutions.slug, 'cass'));
      await db.update(schema.appMeta).set({ value: '2' }).where(eq(schema.appMeta.key, 'seed_version'));

      const result = await seedDatabase(db);
      expect(result).toMatchObject({ applied: true, created: 0 });
      expect(result.updated).toBeGreaterThan(50);
      // bnu is refreshed from the catalogue; cass, edited, only has its Traditional text re-derived.
      expect(result.textsCorrected).toBeGreaterThanOrEqual(1);

      const data = (await graphql(old.app, `{
        bnu: institution(slug: "bnu") { name(locale: ZH_HANT) }
        cass: institution(slug: "cass") { name(locale: ZH_HANT) website version }
        indicators(first: 100, filter: { units: [NOT_STATED] }) { totalCount }
        units: indicators(first: 100) { nodes { slug fields } }
        centre: branchCentres(first: 20, filter: { kinds: [MIIT_BRANCH] }) { nodes { citations { basis } } }
        park: record(slug: "brics-future-innovation-park-unveiling") { fields }
      }`)).data!;
      // No source names an area for the park's unveiling; an earlier seed gave it one.
      expect(data.park.fields).toEqual([]);
      expect(data.bnu.name).toBe('北京師範大學');
      expect(data.cass).toEqual({ name: '中國社科院夥伴', website: 'https://example.org/', version: 2 });
      expect(data.indicators.totalCount).toBe(2);
      expect(data.units.nodes.find((node: { slug: string }) => node.slug === 'brics-demonstration-units-selected').fields).toHaveLength(2);
      const bases = data.centre.nodes.flatMap((node: { citations: { basis: string }[] }) => node.citations.map((c) => c.basis));
      expect(bases.filter((basis: string) => basis === 'INFERRED')).toHaveLength(2);

      // Applying the same seed again changes nothing.
      expect(await seedDatabase(db)).toEqual({ applied: false, created: 0 });
      const [meta] = await db.select().from(schema.appMeta).where(eq(schema.appMeta.key, 'seed_version'));
      expect(meta!.value).toBe(SEED_VERSION);
    } finally {
      old.close();
    }
  });
});
