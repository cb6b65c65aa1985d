/** Indicators: the figures the sources give. Part of the seed catalogue (./index.ts). */
import type { Field, IndicatorUnit, Pillar, ValueQualifier } from '../../enums';
import type { SeedCitation, SeedText } from '../types';
import { SUP, article, supplementary } from './cite';

export interface SeedIndicator {
  slug: string;
  pillar: Pillar;
  name: SeedText;
  value?: number;
  /** Unit of `value`; left out where the sources give no level and so no unit. */
  unit?: IndicatorUnit;
  qualifier?: ValueQualifier;
  changePercent?: number;
  periodStart?: string;
  periodEnd?: string;
  year?: number;
  record?: string;
  institution?: string;
  /** Areas the figure covers, as the sources name them. */
  fields?: Field[];
  citations: SeedCitation[];
}

export const indicators: SeedIndicator[] = [
  {
    slug: 'xiamen-brics-trade-2021',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '厦门与金砖国家进出口总额', en: 'Xiamen–BRICS import and export total' },
    value: 73_776_000_000,
    unit: 'CNY',
    changePercent: 20.67,
    periodStart: '2021-01-01',
    periodEnd: '2021-12-31',
    year: 2021,
    citations: article(25),
  },
  {
    slug: 'xiamen-brics-foreign-receipts-payments-2021',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '厦门与金砖国家涉外收支总额', en: 'Xiamen–BRICS foreign-related receipts and payments total' },
    // The report gives only the growth rate: no level, so no unit.
    changePercent: 35.66,
    periodStart: '2021-01-01',
    periodEnd: '2021-12-31',
    year: 2021,
    citations: article(25),
  },
  {
    slug: 'xiamen-brics-container-throughput-2021',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '厦门与金砖国家集装箱吞吐量', en: 'Xiamen–BRICS container throughput' },
    // The report gives only the growth rate: no level, so no unit.
    changePercent: 46.19,
    periodStart: '2021-01-01',
    periodEnd: '2021-12-31',
    year: 2021,
    citations: article(25),
  },
  {
    slug: 'china-europe-rail-china-russia-trains-2021',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '中欧(厦门)班列中俄线发运列数', en: 'China–Europe (Xiamen) rail, China–Russia line: trains dispatched' },
    value: 68,
    unit: 'TRAINS',
    periodStart: '2021-01-01',
    periodEnd: '2021-12-31',
    year: 2021,
    citations: article(25),
  },
  {
    slug: 'china-europe-rail-china-russia-teu-2021',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '中欧(厦门)班列中俄线发运标箱', en: 'China–Europe (Xiamen) rail, China–Russia line: TEU carried' },
    value: 6824,
    unit: 'TEU',
    periodStart: '2021-01-01',
    periodEnd: '2021-12-31',
    year: 2021,
    citations: article(25),
  },
  {
    slug: 'training-sessions-total',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '累计开展人才培训和交流活动期数', en: 'Training and exchange sessions held since the base began' },
    value: 17,
    unit: 'COUNT',
    periodEnd: '2022-05',
    institution: 'bpic',
    citations: article(17),
  },
  {
    slug: 'training-countries-covered',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '人才培训覆盖国家数', en: 'Countries covered by the training' },
    value: 28,
    unit: 'COUNTRIES',
    periodEnd: '2022-05',
    institution: 'bpic',
    citations: article(17),
  },
  {
    slug: 'trainee-participations-total',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '参训学员人次', en: 'Trainee participations' },
    value: 120_000,
    unit: 'PERSON_TIMES',
    qualifier: 'MORE_THAN',
    periodEnd: '2022-05',
    institution: 'bpic',
    citations: article(17),
  },
  {
    slug: 'brics-cooperation-projects-signed',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '厦门已签约金砖合作项目数', en: 'BRICS cooperation projects signed by Xiamen' },
    value: 40,
    unit: 'COUNT',
    periodEnd: '2022-05',
    institution: 'xiamen-government',
    citations: article(25),
  },
  {
    slug: 'brics-demonstration-units-selected',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '遴选的金砖示范单位(项目)数', en: 'BRICS demonstration units (projects) selected' },
    value: 104,
    unit: 'COUNT',
    periodEnd: '2022-05',
    institution: 'xiamen-government',
    // The report names these two areas and says there are others (等).
    fields: ['DIGITAL_MANUFACTURING', 'GREEN_DEVELOPMENT'],
    citations: article(25),
  },
  {
    slug: 'enabling-platforms-built-2021',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '已建成赋能平台数', en: 'Enabling platforms built' },
    value: 7,
    unit: 'COUNT',
    periodEnd: '2021-09',
    year: 2021,
    institution: 'bpic',
    citations: supplementary(SUP.progress2021),
  },
  {
    slug: 'key-tasks-published-2021',
    pillar: 'POLICY_COORDINATION',
    name: { zhHans: '分两批发布的重点任务数', en: 'Key tasks published, in two batches' },
    value: 60,
    unit: 'COUNT',
    periodEnd: '2021-09',
    year: 2021,
    institution: 'bpic',
    citations: supplementary(SUP.progress2021),
  },
  {
    slug: 'demonstration-projects-launched-2021',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '已启动示范项目数', en: 'Demonstration projects launched' },
    value: 39,
    unit: 'COUNT',
    periodEnd: '2021-09',
    year: 2021,
    institution: 'bpic',
    citations: supplementary(SUP.progress2021),
  },
  {
    slug: 'forum-2022-09-07-projects-signed',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '2022年9月论坛签约项目数', en: 'Projects signed at the September 2022 forum' },
    value: 29,
    unit: 'COUNT',
    year: 2022,
    record: 'forum-2022-09-07',
    citations: supplementary(SUP.septemberProjects),
  },
  {
    slug: 'forum-2022-09-07-projects-value',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '2022年9月论坛签约项目总额', en: 'Value of projects signed at the September 2022 forum' },
    value: 18_100_000_000,
    unit: 'CNY',
    year: 2022,
    record: 'forum-2022-09-07',
    citations: supplementary(SUP.septemberProjects),
  },
  {
    slug: 'brics-future-innovation-park-start-up-area',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '金砖未来创新园起步区面积', en: 'BRICS Future Innovation Park start-up phase area' },
    value: 200_000,
    unit: 'SQUARE_METRES',
    institution: 'brics-future-innovation-park',
    citations: supplementary(SUP.park),
  },
  {
    slug: 'brics-future-innovation-park-projects-signed',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '金砖未来创新园揭牌时签约项目数', en: 'Projects signed at the park unveiling' },
    value: 8,
    unit: 'COUNT',
    year: 2021,
    record: 'brics-future-innovation-park-unveiling',
    institution: 'brics-future-innovation-park',
    citations: supplementary(SUP.park),
  },
  {
    slug: 'skills-competition-kick-off-duration',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '启动赛历时天数', en: 'Length of the kick-off stage' },
    value: 6,
    unit: 'DAYS',
    year: 2022,
    record: 'brics-skills-competition-2022-kick-off',
    citations: article(3),
  },
  {
    slug: 'skills-competition-kick-off-events',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '启动赛赛项数', en: 'Events in the kick-off stage' },
    value: 3,
    unit: 'COUNT',
    year: 2022,
    record: 'brics-skills-competition-2022-kick-off',
    citations: [...article(3), ...supplementary(SUP.kickOff)],
  },
  {
    slug: 'skills-competition-final-competitors',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '决赛参赛选手人数', en: 'Competitors in the final' },
    value: 2500,
    unit: 'PEOPLE',
    qualifier: 'ABOUT',
    year: 2022,
    record: 'brics-skills-competition-2022-final',
    citations: supplementary(SUP.final),
  },
  {
    slug: 'skills-competition-final-events',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '决赛赛项数', en: 'Events in the final' },
    value: 26,
    unit: 'COUNT',
    year: 2022,
    record: 'brics-skills-competition-2022-final',
    citations: supplementary(SUP.final),
  },
];
