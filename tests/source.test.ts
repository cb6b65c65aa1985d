import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleNameExceptions, catalogue } from '../src/db/seed/catalogue';
import { articleParagraphs, findDamage, repairArticle, repairArticleDetailed } from '../src/db/source/repair';
import { ARTICLE_FILE, missingSource, sourceDirectory, SUPPLEMENTARY_FILE } from '../src/db/source/location';
import { verifyCatalogue } from '../src/db/source/verify';

const sourceDir = sourceDirectory();
const articlePath = resolve(sourceDir, ARTICLE_FILE);
const supplementaryPath = resolve(sourceDir, SUPPLEMENTARY_FILE);
const missing = missingSource(sourceDir);
const haveSource = missing === null;
if (missing) console.warn(`Skipping the 6 tests that read the source report. ${missing}`);

/** Written independently of the repair module, so the test does not grade itself. */
const ANNOTATION = /(\p{Script=Han})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/gu;

const LEGITIMATE_PARENTHESES = [
  '(資料圖)',
  '(項目)',
  '(廈門)',
  '(廈門日報記者 王火炎 攝)',
  '(資料圖/廈門日報記者 鄭曉東 攝)',
  '(資料圖/廈門日報記者 林銘鴻 攝)',
];

function load(): { raw: string; repaired: string; paragraphs: string[]; supplementary: string } {
  const raw = readFileSync(articlePath, 'utf8');
  const repaired = repairArticle(raw);
  return { raw, repaired, paragraphs: articleParagraphs(repaired), supplementary: readFileSync(supplementaryPath, 'utf8') };
}

/** Every string anywhere in a value, with its path. */
function strings(value: unknown, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  }
  return [];
}

describe('findDamage', () => {
  it('stays silent on clean Chinese and English text', () => {
    const clean = [
      '中歐(廈門)班列中俄線發運68列,6824標箱。',
      '2021金磚國家智庫國際研討會(資料圖)',
      '位于軟件園三期的金磚未來創新園。(廈門日報記者 王火炎 攝)',
      '作為“買在金磚”的系列活動之一……',
      '真的嗎？是的！',
      'BRICS Partnership on New Industrial Revolution (PartNIR) Innovation Center',
      'Is it 200,000 m²? Yes — São Paulo, café, naïve, Zürich.',
      'Web技術、機器學習與大數據',
    ];
    for (const text of clean) expect(findDamage(text), text).toEqual([]);
  });

  it('reports each kind of artefact', () => {
    const damaged = [
      '工業(yè)和信息化部',
      '專家?guī)臁?',
      '專家庫?',
      '建立</p>',
      '專家庫。/p>',
      '<br/>文字',
      '替換\uFFFD字符',
      'C1\u0085控制',
      '銆愭柊闂汇€',
      'cafÃ© â€™',
    ];
    for (const text of damaged) expect(findDamage(text).length, text).toBeGreaterThan(0);
  });
});

describe('source article', () => {
  it.skipIf(!haveSource)('removes all 105 pinyin annotations on 24 characters', () => {
    const { raw, repaired } = load();
    const annotations = [...raw.matchAll(ANNOTATION)];
    expect(annotations).toHaveLength(105);
    expect(new Set(annotations.map((match) => match[1])).size).toBe(24);
    expect([...repaired.matchAll(ANNOTATION)]).toHaveLength(0);
    expect(repairArticleDetailed(raw).pinyin).toHaveLength(105);
  });

  it.skipIf(!haveSource)('repairs the mojibake and the stray tag and nothing else', () => {
    const { raw, repaired } = load();
    expect(repaired).not.toContain('?');
    expect(repaired).not.toContain('</p>');
    expect(repaired).not.toContain('/p>');
    expect(repaired).toContain('建立政策協調專家庫。\n');
    expect(repaired).toBe(raw.replace(ANNOTATION, '$1').replace('專家?guī)臁?/p>', '專家庫。'));
    for (const text of LEGITIMATE_PARENTHESES) expect(repaired).toContain(text);
    expect(repairArticle(repaired)).toBe(repaired);
  });

  it.skipIf(!haveSource)('numbers paragraphs from the headline', () => {
    const { paragraphs } = load();
    expect(paragraphs).toHaveLength(28);
    expect(paragraphs[0]).toBe('連日來金磚國家多項活動在廈門舉行');
    expect(paragraphs[10]).toMatch(/^打造由中國社科院/u);
    for (const paragraph of paragraphs) expect(paragraph).toBe(paragraph.trim());
  });

  it.skipIf(!haveSource)('finds the damage in the raw text and none in the repaired text', () => {
    const { raw, repaired } = load();
    const found = findDamage(raw);
    expect(found.filter((entry) => entry.startsWith('pinyin reading'))).toHaveLength(105);
    expect(found.some((entry) => entry.startsWith('known mojibake'))).toBe(true);
    expect(found.some((entry) => entry.startsWith('HTML tag'))).toBe(true);
    expect(findDamage(repaired)).toEqual([]);
  });
});

describe('seed catalogue', () => {
  it('carries no damaged text', () => {
    const damaged = strings(catalogue).flatMap(({ path, text }) => findDamage(text).map((entry) => `${path}: ${entry}`));
    expect(damaged).toEqual([]);
  });

  it.skipIf(!haveSource)('agrees with the repaired article and the supplementary facts', () => {
    const { paragraphs, supplementary } = load();
    const report = verifyCatalogue({ paragraphs, catalogue, nameExceptions: articleNameExceptions, supplementary });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.names.length).toBeGreaterThan(0);
    expect(report.numbers.every((figure) => figure.representedBy.length > 0)).toBe(true);
  });

  it.skipIf(!haveSource)('reports a citation past the last paragraph and a missing figure', () => {
    const { paragraphs } = load();
    const broken = structuredClone(catalogue);
    broken.indicators = broken.indicators.filter((indicator) => indicator.slug !== 'xiamen-brics-trade-2021');
    const first = broken.institutions[0];
    if (first) first.citations = [{ article: paragraphs.length + 1 }];
    const report = verifyCatalogue({ paragraphs, catalogue: broken, nameExceptions: articleNameExceptions });
    expect(report.ok).toBe(false);
    expect(report.issues.some((issue) => issue.check === 'citations')).toBe(true);
    expect(report.issues.some((issue) => issue.check === 'numbers' && issue.message.includes('737.76億'))).toBe(true);
  });
});
