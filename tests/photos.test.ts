import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, graphql, type TestApp } from './support/app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('photos printed with the report', () => {
  it('credits the photo of the BRICS Future Innovation Park in every script', async () => {
    const result = await graphql(
      t.app,
      `{ institution(slug: "brics-future-innovation-park") {
          photos { caption(locale: EN) takenByTranslations { zhHant zhHans en } credit(locale: ZH_HANS) archivePhoto paragraph source { kind } }
        } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.institution.photos).toEqual([
      {
        caption: 'The BRICS Future Innovation Park in Software Park Phase III',
        takenByTranslations: { zhHant: '王火炎', zhHans: '王火炎', en: 'Wang Huoyan' },
        credit: '厦门日报',
        archivePhoto: false,
        paragraph: 5,
        source: { kind: 'NEWS_REPORT' },
      },
    ]);
  });

  it('marks archive photos and converts photographers to Simplified script', async () => {
    const result = await graphql(
      t.app,
      `{ record(slug: "brics-partnir-forum-2021") { photos { id archivePhoto takenBy(locale: ZH_HANS) record { slug } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const [photo] = result.data!.record.photos;
    expect(photo).toMatchObject({ archivePhoto: true, takenBy: '郑晓东', record: { slug: 'brics-partnir-forum-2021' } });

    const refetched = await graphql(t.app, `query ($id: ID!) { node(id: $id) { ... on Photo { slug paragraph } } }`, {
      id: photo.id,
    });
    expect(refetched.data!.node).toEqual({ slug: 'photo-brics-partnir-forum-2021', paragraph: 18 });
  });

  it('leaves the photographer empty where the report credits nobody', async () => {
    const result = await graphql(t.app, `{ record(slug: "brics-think-tank-symposium-2021") { photos { takenBy archivePhoto } } }`);
    expect(result.data!.record.photos).toEqual([{ takenBy: null, archivePhoto: true }]);
  });

  it('illustrates the China–Europe rail indicator with the departure photo', async () => {
    const result = await graphql(
      t.app,
      `{ indicators(first: 50, filter: { units: [TRAINS] }) { nodes { slug value photos { takenBy(locale: EN) } } } }`,
    );
    const trains = result.data!.indicators.nodes.find((node: { slug: string }) => node.slug === 'china-europe-rail-china-russia-trains-2021');
    expect(trains).toEqual({ slug: 'china-europe-rail-china-russia-trains-2021', value: 68, photos: [{ takenBy: 'Lin Minghong' }] });
  });
});
