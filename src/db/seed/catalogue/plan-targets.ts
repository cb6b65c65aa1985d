/** Plan targets: what the plans say the base will reach, and what was reported reached. Part of the seed catalogue (./index.ts). */
import type { Field, Pillar, PlanSubject } from '../../enums';
import type { SeedCitation, SeedText } from '../types';
import { SUP, article, supplementary } from './cite';

export interface SeedPlanTarget {
  slug: string;
  year: number;
  pillar: Pillar;
  subject: PlanSubject;
  title: SeedText;
  description?: SeedText;
  targetMin: number;
  targetMax?: number;
  /** Areas the target covers, as the sources name them. */
  fields?: Field[];
  reportedAchieved?: number;
  reportedAchievedOn?: string;
  citations: SeedCitation[];
}

export const planTargets: SeedPlanTarget[] = [
  {
    slug: 'miit-branches-2022',
    year: 2022,
    pillar: 'PROJECT_DEVELOPMENT',
    subject: 'MIIT_BRANCH',
    title: { zhHans: '2022年落地的工信部部属单位分支机构', en: 'MIIT-affiliated branch institutions to open in 2022' },
    description: {
      zhHans: '目标为4家；报道点名其中两家，其余两家的名称及承建单位未见于任何来源。点名的两家是否已落地，是本项目根据名称相近的机构于2022年9月7日揭牌推断的。',
      en: 'Four planned; the report names two of them. No source names the other two or their hosts. That the two named ones opened is the project’s inference from centres with similar names unveiled on 7 September 2022.',
    },
    targetMin: 4,
    citations: article(27),
  },
  {
    slug: 'enabling-platforms-2022',
    year: 2022,
    pillar: 'PROJECT_DEVELOPMENT',
    subject: 'ENABLING_PLATFORM',
    title: { zhHans: '2022年上线运营的新工业领域赋能平台', en: 'New-industry enabling platforms to go live in 2022' },
    description: {
      zhHans: '目标为8个；2022年9月7日8个平台全部上线，但来源只按领域点名其中3个。',
      en: 'Eight planned; all eight went live on 7 September 2022, but the sources name only three, by area.',
    },
    targetMin: 8,
    reportedAchieved: 8,
    reportedAchievedOn: '2022-09-07',
    citations: [...article(27), ...supplementary(SUP.septemberForum)],
  },
  {
    slug: 'demonstration-training-programmes-2022',
    year: 2022,
    pillar: 'TALENT_DEVELOPMENT',
    subject: 'DEMONSTRATION_TRAINING_PROGRAMME',
    title: { zhHans: '2022年金砖示范性培训项目', en: 'BRICS demonstration training programmes for 2022' },
    description: {
      zhHans: '计划形成10至15个示范性培训项目，以线上线下结合方式，聚焦工业互联网、区块链、人工智能、大数据等领域。',
      en: 'Ten to fifteen flagship training programmes, online and offline, on the industrial internet, blockchain, artificial intelligence, big data and similar fields.',
    },
    targetMin: 10,
    targetMax: 15,
    fields: ['INDUSTRIAL_INTERNET', 'BLOCKCHAIN', 'ARTIFICIAL_INTELLIGENCE', 'BIG_DATA'],
    citations: article(20),
  },
];
