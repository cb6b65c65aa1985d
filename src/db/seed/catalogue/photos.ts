/** Photos of the news report. Part of the seed catalogue (./index.ts). */
import type { SeedPhoto } from '../types';

// Captions are the project's own words; the credits carry over as printed.
export const photos: SeedPhoto[] = [
  {
    slug: 'photo-brics-future-innovation-park',
    caption: {
      zhHans: '软件园三期的金砖未来创新园',
      en: 'The BRICS Future Innovation Park in Software Park Phase III',
    },
    photographer: { zhHans: '王火炎', en: 'Wang Huoyan' },
    credit: { zhHans: '厦门日报', en: 'Xiamen Daily' },
    paragraph: 5,
    institution: 'brics-future-innovation-park',
  },
  {
    slug: 'photo-brics-think-tank-symposium-2021',
    caption: {
      zhHans: '2021金砖国家智库国际研讨会',
      en: 'The 2021 international BRICS think-tank symposium',
    },
    archivePhoto: true,
    paragraph: 12,
    record: 'brics-think-tank-symposium-2021',
  },
  {
    slug: 'photo-brics-partnir-forum-2021',
    caption: {
      zhHans: '2021年金砖国家新工业革命伙伴关系论坛',
      en: 'The 2021 BRICS Partnership on New Industrial Revolution Forum',
    },
    photographer: { zhHans: '郑晓东', en: 'Zheng Xiaodong' },
    credit: { zhHans: '厦门日报', en: 'Xiamen Daily' },
    archivePhoto: true,
    paragraph: 18,
    record: 'brics-partnir-forum-2021',
  },
  {
    slug: 'photo-china-europe-railway-express-departure',
    caption: {
      zhHans: '中欧班列发车',
      en: 'A China–Europe Railway Express train departing',
    },
    photographer: { zhHans: '林铭鸿', en: 'Lin Minghong' },
    credit: { zhHans: '厦门日报', en: 'Xiamen Daily' },
    archivePhoto: true,
    paragraph: 26,
    indicator: 'china-europe-rail-china-russia-trains-2021',
  },
];
