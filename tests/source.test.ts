import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleNameExceptions, catalogue } from '../src/db/seed/catalogue';
import { articleParagraphs, findDamage, repairArticle, repairArticleDetailed } from '../src/db/source/repair';
import { readSourceConfig } from '../src/config';
import { ARTICLE_FILE, missingSource, sourceDirectory, SUPPLEMENTARY_FILE } from '../src/db/source/location';
import { verifyCatalogue } from '../src/db/source/verify';
import { Converter, CustomConverter } from 'opencc-js';
import cjkCompatibility from 'opencc-js/dict/CJK_Compatibility_Ideographs';
import stPhrases from 'opencc-js/dict/STPhrases';
import tsPhrases from 'opencc-js/dict/TSPhrases';
import {
  findMisconversions,
  standardTraditional,
  toSimplified,
  toTraditional,
  TRADITIONAL_PHRASE_FIXES,
} from '../src/db/text';

const sourceDir = sourceDirectory(readSourceConfig(process.env).SOURCE_DIR);
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

describe('standard Traditional', () => {
  it('OpenCC with the phrase table gives the standard forms, in context', () => {
    const cases: [string, string][] = [
      ['数字制造', '數字製造'],
      ['北京师范大学', '北京師範大學'],
      ['伙伴关系', '夥伴關係'],
      ['示范性培训项目', '示範性培訓項目'],
      ['战略咨询委员会', '戰略諮詢委員會'],
      // OpenCC alone matches 家制 here and leaves 制造業; the phrase table fixes it.
      ['金砖国家制造业创新成果产业化服务中心', '金磚國家製造業創新成果產業化服務中心'],
      ['专家制造', '專家製造'],
      // The fixes do not reach phrases where 制 and 造 belong to different words.
      ['这种体制造成了', '這種體制造成了'],
      ['国家制度', '國家制度'],
    ];
    for (const [simplified, traditional] of cases) expect(toTraditional(simplified), simplified).toBe(traditional);
  });

  it("converts as OpenCC's full preset does (its t2s and s2t), from the dictionaries it imports one by one", () => {
    // The catalogue's Chinese, and OpenCC's phrases and compatibility ideographs on both sides,
    // alone and run together in 100s.
    const catalogueTexts = JSON.stringify(catalogue).match(/[\p{Script=Han}，。、；：（）]+/gu) ?? [];
    const words = (dictionary: string) => dictionary.split('|').flatMap((entry) => entry.split(' '));
    const runs = (list: string[]) => Array.from({ length: Math.ceil(list.length / 100) }, (_, at) => list.slice(at * 100, at * 100 + 100).join(''));
    const phrases = [...words(stPhrases), ...words(tsPhrases), ...words(cjkCompatibility)];
    const corpus = [...catalogueTexts, ...phrases, ...runs(phrases)];
    expect(catalogueTexts.length).toBeGreaterThan(100);
    expect(phrases.length).toBeGreaterThan(50_000);

    const t2s = Converter({ from: 't', to: 'cn' });
    const fixes = CustomConverter(TRADITIONAL_PHRASE_FIXES.map((fix) => [fix.openCC, fix.standard] as [string, string]));
    const s2t = Converter({ from: 'cn', to: 't' });
    const differences = corpus.filter((text) => toSimplified(text) !== t2s(text) || toTraditional(text) !== fixes(s2t(text)));
    expect(differences).toEqual([]);
  });

  it('every phrase fix is needed: OpenCC alone gets it wrong, the table gets it right', () => {
    const openCC = Converter({ from: 'cn', to: 't' });
    for (const { simplified, openCC: wrong, standard } of TRADITIONAL_PHRASE_FIXES) {
      expect(openCC(`${simplified}业`), simplified).toBe(`${wrong}業`);
      expect(toTraditional(`${simplified}业`), simplified).toBe(`${standard}業`);
      expect(findMisconversions(wrong), wrong).not.toEqual([]);
      expect(findMisconversions(standard), standard).toEqual([]);
    }
  });

  it.skipIf(!haveSource)('standardising the repaired report removes every known mis-conversion and keeps its meaning', () => {
    const { repaired } = load();
    expect(findMisconversions(repaired).length).toBeGreaterThanOrEqual(6);
    const standard = standardTraditional(repaired);
    expect(findMisconversions(standard)).toEqual([]);
    expect(toSimplified(standard)).toBe(toSimplified(repaired));
    expect(standard).toContain('金磚國家工業互聯網與數字製造發展論壇');
    expect(standard).toContain('北京師範大學');
  });
});

describe('fidelity rules of the verification', () => {
  const issuesOf = (broken: typeof catalogue) =>
    verifyCatalogue({ paragraphs: load().paragraphs, catalogue: broken, nameExceptions: articleNameExceptions })
      .issues.filter((issue) => issue.check === 'fidelity')
      .map((issue) => `${issue.subject}: ${issue.message}`);

  it.skipIf(!haveSource)('lists the inferences it found', () => {
    const { paragraphs } = load();
    const report = verifyCatalogue({ paragraphs, catalogue, nameExceptions: articleNameExceptions });
    expect(report.inferences.map((entry) => entry.subject).sort()).toEqual([
      'branchCentre:brics-manufacturing-innovation-commercialisation-centre',
      'branchCentre:it-standards-ip-service-centre',
      'record:big-data-precise-epidemic-control-training',
      'record:brics-green-finance-workshop',
      'record:investing-in-brazil-tax-and-legal-training',
    ]);
  });

  it.skipIf(!haveSource)('rejects Chinese written in Traditional or deriving a mis-conversion', () => {
    const broken = structuredClone(catalogue);
    broken.institutions.find((item) => item.slug === 'bnu')!.name.zhHans = '北京師范大學';
    expect(issuesOf(broken).some((issue) => issue.includes('zhHans is not Simplified'))).toBe(true);
  });

  it.skipIf(!haveSource)('rejects an inference without a note, and a note on a sourced citation', () => {
    const broken = structuredClone(catalogue);
    broken.institutions[0]!.citations.push({ article: 6, basis: 'INFERRED', note: { zhHans: '', en: '' } });
    broken.institutions[1]!.citations.push({ article: 6, note: { zhHans: '说明', en: 'a note' } } as never);
    const issues = issuesOf(broken);
    expect(issues.some((issue) => issue.includes('needs a note'))).toBe(true);
    expect(issues.some((issue) => issue.includes('only an INFERRED citation carries a note'))).toBe(true);
  });

  it.skipIf(!haveSource)('rejects a unit without a level, an unnamed membership read as complete and a figure cited to a caption', () => {
    const broken = structuredClone(catalogue);
    broken.indicators.find((item) => item.slug === 'xiamen-brics-foreign-receipts-payments-2021')!.unit = 'CNY';
    broken.networks.find((item) => item.slug === 'industrial-innovation-alliance')!.membershipIncomplete = false;
    broken.indicators.find((item) => item.slug === 'china-europe-rail-china-russia-trains-2021')!.citations.push({ article: 26 });
    const issues = issuesOf(broken);
    expect(issues).toEqual(
      expect.arrayContaining([
        'indicator:xiamen-brics-foreign-receipts-payments-2021: has a unit (CNY) but no level: no source gives one',
        'network:industrial-innovation-alliance: no source names its members, so its membership must be marked incomplete',
        'indicator:china-europe-rail-china-russia-trains-2021: cites paragraph 26, a photo caption, for a figure',
      ]),
    );
  });

  it.skipIf(!haveSource)('rejects a disagreement with one source on both sides', () => {
    const broken = structuredClone(catalogue);
    broken.disagreements[0]!.claims[1]!.citation = { article: 3 };
    expect(issuesOf(broken)).toContain(
      'disagreement:skills-competition-kick-off-length: the claims of a disagreement must come from different sources',
    );
  });
});
