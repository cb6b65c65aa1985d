/**
 * The stored data itself: no artefact of the damaged source in any text column of any table,
 * Simplified text converted from Traditional, and provenance for every entity.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScriptPairs, readStoredTexts, textColumns } from '../src/db/audit';
import { findDamage } from '../src/db/source/repair';
import { toSimplified } from '../src/db/text';
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

  it('every Simplified column is the conversion of its Traditional column', async () => {
    const pairs = await readScriptPairs(t.db);
    expect(pairs.filter((pair) => pair.zhHant !== null).length).toBeGreaterThan(100);
    const mismatches = pairs
      .filter((pair) => pair.zhHans !== (pair.zhHant === null ? null : toSimplified(pair.zhHant)))
      .map((pair) => `${pair.table}.${pair.attribute} (rowid ${pair.rowid}): ${pair.zhHant} → ${pair.zhHans}`);
    expect(mismatches).toEqual([]);
  });

  it('every entity has its name or title in all three scripts', async () => {
    const pairs = await readScriptPairs(t.db);
    const required = pairs.filter((pair) => pair.attribute === 'name' || pair.attribute === 'title');
    expect(required.filter((pair) => !pair.zhHant || !pair.zhHans)).toEqual([]);
  });
});

describe('provenance', () => {
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
