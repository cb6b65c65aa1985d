/**
 * The stored data itself: no artefact of the damaged source in any text column of any table,
 * standard Traditional text derived from Simplified, and provenance for every entity, with every
 * inference flagged as one.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScriptPairs, readStoredTexts, textColumns } from '../src/db/audit';
import { findDamage } from '../src/db/source/repair';
import { findMisconversions, KNOWN_MISCONVERSIONS, toTraditional } from '../src/db/text';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('text columns', () => {
  it('the audit covers every table that holds user-facing text', () => {
    const tables = new Map(textColumns().map((entry) => [entry.table, entry.columns]));
    for (const table of ['sources', 'countries', 'institutions', 'plan_targets', 'branch_centres', 'networks', 'records', 'record_tracks', 'indicators']) {
      expect(tables.has(table), table).toBe(true);
    }
    expect(tables.get('records')).toEqual(expect.arrayContaining(['title_zh_hant', 'title_zh_hans', 'title_en', 'summary_zh_hant', 'location_en']));
    expect(tables.get('record_tracks')).toEqual(expect.arrayContaining(['name_zh_hant', 'name_zh_hans', 'name_en']));
  });

  it('no stored text carries damage from the source report', async () => {
    const texts = await readStoredTexts(t.db);
    expect(texts.length).toBeGreaterThan(500);
    const damaged = texts.flatMap(({ table, column, rowid, value }) =>
      findDamage(value).map((problem) => `${table}.${column} (rowid ${rowid}): ${problem}`),
    );
    expect(damaged).toEqual([]);
  });

  it('the damage check does fire on the artefacts it looks for', () => {
    // Guards the test above against a detector that finds nothing at all.
    expect(findDamage('金磚(zhuān)國家')).not.toEqual([]);
    expect(findDamage('廈門<br>')).not.toEqual([]);
    expect(findDamage('\uFFFD')).not.toEqual([]);
    expect(findDamage('金磚國家 BRICS (PartNIR) 2022')).toEqual([]);
  });

  it('every Traditional column is the standard conversion of its Simplified column', async () => {
    const pairs = await readScriptPairs(t.db);
    expect(pairs.filter((pair) => pair.zhHans !== null).length).toBeGreaterThan(100);
    const mismatches = pairs
      .filter((pair) => pair.zhHant !== (pair.zhHans === null ? null : toTraditional(pair.zhHans)))
      .map((pair) => `${pair.table}.${pair.attribute} (rowid ${pair.rowid}): ${pair.zhHans} → ${pair.zhHant}`);
    expect(mismatches).toEqual([]);
  });

  it('no Traditional text carries a character-by-character mis-conversion', async () => {
    const texts = await readStoredTexts(t.db);
    const traditional = texts.filter((text) => text.column.endsWith('_zh_hant'));
    expect(traditional.length).toBeGreaterThan(150);
    const wrong = traditional.flatMap(({ table, column, rowid, value }) =>
      findMisconversions(value).map((problem) => `${table}.${column} (rowid ${rowid}): ${problem}`),
    );
    expect(wrong).toEqual([]);
    // The standard forms are there: the scan looked at the texts that used to be wrong.
    const all = traditional.map((text) => text.value).join('\n');
    for (const form of ['數字製造', '北京師範大學', '夥伴關係', '示範性培訓項目', '金磚示範單位', '戰略諮詢委員會', '金磚國家製造業創新成果產業化服務中心']) {
      expect(all, form).toContain(form);
    }
  });

  it('the mis-conversion scan fires on each known mistake and not on standard text', () => {
    for (const { wrong, standard } of KNOWN_MISCONVERSIONS) {
      expect(findMisconversions(`前${wrong}後`), wrong).toHaveLength(1);
      expect(findMisconversions(`前${standard}後`), standard).toEqual([]);
    }
  });

  it('every entity has its name or title in all three scripts', async () => {
    const pairs = await readScriptPairs(t.db);
    const required = pairs.filter((pair) => pair.attribute === 'name' || pair.attribute === 'title');
    expect(required.filter((pair) => !pair.zhHant || !pair.zhHans)).toEqual([]);
  });
});

describe('provenance', () => {
  it('every inferred citation says so and explains itself; sourced ones carry no note', async () => {
    const inferred = await t.db.all<{ id: number; note_zh_hant: string | null; note_en: string | null }>(
      sql`SELECT id, note_zh_hant, note_en FROM citations WHERE basis = 'INFERRED'`,
    );
    // The two 2022 MIIT branches identified by similar names, and the three named trainings.
    expect(inferred.length).toBe(5);
    expect(inferred.filter((row) => !row.note_zh_hant || !row.note_en)).toEqual([]);
    const sourcedWithNote = await t.db.all<{ id: number }>(
      sql`SELECT id FROM citations WHERE basis = 'SOURCE_STATES' AND (note_en IS NOT NULL OR note_zh_hans IS NOT NULL)`,
    );
    expect(sourcedWithNote).toEqual([]);
    const invalid = await t.db.all<{ id: number }>(sql`SELECT id FROM citations WHERE basis NOT IN ('SOURCE_STATES', 'INFERRED')`);
    expect(invalid).toEqual([]);
  });

  it('no figure cites a photo caption, and no change-only figure has a unit', async () => {
    const captionCitations = await t.db.all<{ slug: string; paragraph: number }>(
      sql`SELECT i.slug, c.paragraph FROM citations c JOIN indicators i ON i.id = c.indicator_id
          WHERE c.paragraph IN (SELECT paragraph FROM photos)`,
    );
    expect(captionCitations).toEqual([]);
    const unitWithoutLevel = await t.db.all<{ slug: string }>(sql`SELECT slug FROM indicators WHERE value IS NULL AND unit IS NOT NULL`);
    expect(unitWithoutLevel).toEqual([]);
  });

  it('a network whose members no source names is not read as complete', async () => {
    const rows = await t.db.all<{ slug: string }>(
      sql`SELECT slug FROM networks WHERE membership_incomplete = 0 AND id NOT IN (SELECT network_id FROM network_members)`,
    );
    expect(rows).toEqual([]);
  });

  const CITED_TABLES = [
    ['institutions', 'institution_id'],
    ['branch_centres', 'branch_centre_id'],
    ['networks', 'network_id'],
    ['records', 'record_id'],
    ['indicators', 'indicator_id'],
    ['plan_targets', 'plan_target_id'],
  ] as const;

  it('every entity has at least one citation', async () => {
    for (const [table, key] of CITED_TABLES) {
      const uncited = await t.db.all<{ slug: string }>(
        sql.raw(`SELECT slug FROM ${table} WHERE id NOT IN (SELECT ${key} FROM citations WHERE ${key} IS NOT NULL)`),
      );
      expect(uncited, table).toEqual([]);
      const [count] = await t.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`));
      expect(Number(count!.n), table).toBeGreaterThan(0);
    }
  });

  it('every citation points to a source that exists, and news-report citations name a paragraph', async () => {
    const orphans = await t.db.all<{ id: number }>(sql`SELECT id FROM citations WHERE source_id NOT IN (SELECT id FROM sources)`);
    expect(orphans).toEqual([]);
    const withoutParagraph = await t.db.all<{ id: number }>(
      sql`SELECT c.id FROM citations c JOIN sources s ON s.id = c.source_id WHERE s.kind = 'NEWS_REPORT' AND c.paragraph IS NULL`,
    );
    expect(withoutParagraph).toEqual([]);
    const supplementaryWithoutUrl = await t.db.all<{ slug: string }>(sql`SELECT slug FROM sources WHERE kind = 'SUPPLEMENTARY_FACT' AND (url IS NULL OR url = '')`);
    expect(supplementaryWithoutUrl).toEqual([]);
  });

  it('the API shows citations with their sources on every entity', async () => {
    for (const list of ['institutions', 'branchCentres', 'networks', 'records', 'indicators', 'planTargets']) {
      const result = await graphql(t.app, `{ ${list}(first: 100) { nodes { slug citations { paragraph source { slug kind } } } } }`);
      expect(result.errors, list).toBeUndefined();
      const nodes = result.data![list].nodes as { slug: string; citations: unknown[] }[];
      expect(nodes.length, list).toBeGreaterThan(0);
      expect(nodes.filter((node) => node.citations.length === 0).map((node) => node.slug), list).toEqual([]);
    }
  });
});
