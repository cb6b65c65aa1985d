/** Where sources disagree about one fact, each claim with its own source. Part of the seed catalogue (./index.ts). */
import type { SeedDisagreement } from '../types';
import { SUP } from './cite';

export const disagreements: SeedDisagreement[] = [
  {
    slug: 'skills-competition-kick-off-length',
    topic: { zhHans: '2022金砖国家职业技能大赛启动赛的时长', en: 'Length of the 2022 BRICS Skills Competition kick-off stage' },
    record: 'brics-skills-competition-2022-kick-off',
    indicator: 'skills-competition-kick-off-duration',
    claims: [
      { statement: { zhHans: '历时6天', en: 'It lasts six days.' }, citation: { article: 3 } },
      {
        statement: { zhHans: '2022年5月24日至28日（首尾合计5天）', en: '24–28 May 2022 (five days, counting both ends).' },
        citation: { source: SUP.kickOff },
      },
    ],
  },
];
