/** Locale negotiation (Accept-Language), the `locale:` argument, translations and script conversion. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toSimplified } from '../src/db/text';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const FORUM = 'industrial-internet-digital-manufacturing-forum-2022';
const TITLE = {
  zhHant: '金磚國家工業互聯網與數字製造發展論壇',
  zhHans: '金砖国家工业互联网与数字制造发展论坛',
  en: 'BRICS Forum on Development of the Industrial Internet and Digital Manufacturing',
};

async function titleFor(acceptLanguage: string | null, locale?: string) {
  const headers: Record<string, string> = acceptLanguage === null ? {} : { 'accept-language': acceptLanguage };
  const args = locale ? `(locale: ${locale})` : '';
  const result = await graphql(t.app, `{ record(slug: "${FORUM}") { title${args} } }`, undefined, headers);
  expect(result.errors).toBeUndefined();
  return { title: result.data!.record.title as string, headers: result.headers };
}

describe('Accept-Language', () => {
  it.each([
    ['zh-CN', TITLE.zhHans],
    ['zh-Hans', TITLE.zhHans],
    ['zh-Hans-CN', TITLE.zhHans],
    ['zh-SG', TITLE.zhHans],
    ['zh', TITLE.zhHans],
    ['zh-TW', TITLE.zhHant],
    ['zh-HK', TITLE.zhHant],
    ['zh-MO', TITLE.zhHant],
    ['zh-Hant', TITLE.zhHant],
    ['zh-Hant-HK', TITLE.zhHant],
    ['ZH-tw', TITLE.zhHant],
    ['en-GB', TITLE.en],
    ['en', TITLE.en],
    ['fr-FR', TITLE.en],
    ['*', TITLE.en],
    ['', TITLE.en],
    ['garbage;;;q=', TITLE.en],
  ])('%j → the right script', async (header, expected) => {
    expect((await titleFor(header)).title).toBe(expected);
  });

  it('without the header, English', async () => {
    expect((await titleFor(null)).title).toBe(TITLE.en);
  });

  it('honours q-values and skips languages it does not serve', async () => {
    expect((await titleFor('en;q=0.5, zh-TW;q=0.9')).title).toBe(TITLE.zhHant);
    expect((await titleFor('zh-TW;q=0.3, zh-CN;q=0.8, en;q=0.5')).title).toBe(TITLE.zhHans);
    expect((await titleFor('fr, de;q=0.9, zh-HK;q=0.2')).title).toBe(TITLE.zhHant);
    expect((await titleFor('zh-CN;q=0, en;q=0.1')).title).toBe(TITLE.en);
    // Equal quality: the first listed wins.
    expect((await titleFor('zh-Hant, zh-Hans')).title).toBe(TITLE.zhHant);
  });

  it('responses vary on Accept-Language', async () => {
    const { headers } = await titleFor('zh-TW');
    expect(headers.get('vary') ?? '').toMatch(/accept-language/i);
  });
});

describe('locale argument', () => {
  it('overrides the header', async () => {
    expect((await titleFor('zh-TW', 'EN')).title).toBe(TITLE.en);
    expect((await titleFor('en-GB', 'ZH_HANS')).title).toBe(TITLE.zhHans);
    expect((await titleFor(null, 'ZH_HANT')).title).toBe(TITLE.zhHant);
  });

  it('applies per field, so one query can mix scripts', async () => {
    const result = await graphql(
      t.app,
      `{ record(slug: "${FORUM}") { hant: title(locale: ZH_HANT) hans: title(locale: ZH_HANS) en: title(locale: EN) negotiated: title } }`,
      undefined,
      { 'accept-language': 'zh-HK' },
    );
    expect(result.data!.record).toEqual({ hant: TITLE.zhHant, hans: TITLE.zhHans, en: TITLE.en, negotiated: TITLE.zhHant });
  });

  it('rejects an unknown locale', async () => {
    const result = await graphql(t.app, `{ base { name(locale: FR) } }`);
    expect(result.status).toBeLessThan(500);
    expect(result.errors?.[0]?.message).toMatch(/FR/);
  });
});

describe('translations', () => {
  it('…Translations returns all three scripts, whatever the header says', async () => {
    for (const header of ['zh-TW', 'zh-CN', 'en']) {
      const result = await graphql(t.app, `{ record(slug: "${FORUM}") { titleTranslations { zhHans zhHant en } } }`, undefined, {
        'accept-language': header,
      });
      expect(result.data!.record.titleTranslations).toEqual(TITLE);
    }
  });

  it('Simplified text is the OpenCC conversion of the Traditional text', async () => {
    const result = await graphql(
      t.app,
      `{
        institutions(first: 100) { nodes { nameTranslations { zhHans zhHant } descriptionTranslations { zhHans zhHant } } }
        records(first: 100) { nodes { titleTranslations { zhHans zhHant } summaryTranslations { zhHans zhHant } } }
        networks(first: 100) { nodes { nameTranslations { zhHans zhHant } } }
      }`,
    );
    expect(result.errors).toBeUndefined();
    const texts: { zhHans: string | null; zhHant: string | null }[] = [
      ...result.data!.institutions.nodes.flatMap((n: any) => [n.nameTranslations, n.descriptionTranslations]),
      ...result.data!.records.nodes.flatMap((n: any) => [n.titleTranslations, n.summaryTranslations]),
      ...result.data!.networks.nodes.map((n: any) => n.nameTranslations),
    ].filter((text) => text !== null && text.zhHant !== null);
    expect(texts.length).toBeGreaterThan(50);
    for (const text of texts) expect(text.zhHans).toBe(toSimplified(text.zhHant!));
    expect(toSimplified('金磚')).toBe('金砖');
  });

  it('the base is 金磚 in Traditional and 金砖 in Simplified', async () => {
    const result = await graphql(t.app, `{ base { hant: name(locale: ZH_HANT) hans: name(locale: ZH_HANS) } }`);
    expect(result.data!.base.hant).toContain('金磚');
    expect(result.data!.base.hant).not.toContain('金砖');
    expect(result.data!.base.hans).toContain('金砖');
    expect(result.data!.base.hans).not.toContain('金磚');
  });
});
