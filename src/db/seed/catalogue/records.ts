/** Cooperation records: events, trainings, projects and agreements, with their participants. Part of the seed catalogue (./index.ts). */
import type { DatePrecision, Field, ParticipantRole, Pillar, RecordKind, RecordStatus } from '../../enums';
import type { SeedCitation, SeedText } from '../types';
import { SUP, article, inferred, supplementary } from './cite';

export interface SeedRecord {
  slug: string;
  kind: RecordKind;
  status: RecordStatus;
  pillar: Pillar;
  title: SeedText;
  summary?: SeedText;
  location?: SeedText;
  startsOn?: string;
  endsOn?: string;
  datePrecision?: DatePrecision;
  year?: number;
  parent?: string;
  target?: string;
  tracks?: { name: SeedText; field?: Field }[];
  fields?: Field[];
  countries?: string[];
  participants?: { institution: string; role: ParticipantRole }[];
  citations: SeedCitation[];
}

export const records: SeedRecord[] = [
  {
    slug: 'industrial-internet-digital-manufacturing-forum-2022',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'POLICY_COORDINATION',
    title: {
      zhHans: '金砖国家工业互联网与数字制造发展论坛',
      en: 'BRICS Forum on Development of the Industrial Internet and Digital Manufacturing',
    },
    summary: {
      zhHans: '两日论坛，由工业和信息化部、福建省人民政府及厦门市人民政府联合主办。',
      en: "Two-day forum co-hosted by MIIT, the Fujian Provincial People's Government and the Xiamen Municipal People's Government.",
    },
    location: { zhHans: '厦门市', en: 'Xiamen' },
    startsOn: '2022-05-23',
    endsOn: '2022-05-24',
    datePrecision: 'DAY',
    year: 2022,
    fields: ['INDUSTRIAL_INTERNET', 'DIGITAL_MANUFACTURING'],
    participants: [
      { institution: 'miit', role: 'CO_HOST' },
      { institution: 'fujian-government', role: 'CO_HOST' },
      { institution: 'xiamen-government', role: 'CO_HOST' },
    ],
    citations: [...article(2), ...supplementary(SUP.mayForum)],
  },
  {
    slug: 'brics-skills-competition-2022',
    kind: 'COMPETITION',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { zhHans: '2022金砖国家职业技能大赛', en: '2022 BRICS Skills Competition' },
    summary: {
      zhHans: '启动赛于2022年5月在厦门举行，决赛于2022年11月4日开幕。基地借此以赛促训。',
      en: 'Also called the BRICS Vocational Skills Competition. Its kick-off stage took place in Xiamen in May 2022 and its final opened on 4 November 2022; the base uses it to drive training.',
    },
    startsOn: '2022-05-24',
    datePrecision: 'DAY',
    year: 2022,
    fields: ['TALENT_DEVELOPMENT'],
    citations: [...article(3, 21), ...supplementary(SUP.kickOff, SUP.final)],
  },
  {
    slug: 'brics-skills-competition-2022-kick-off',
    kind: 'COMPETITION',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { zhHans: '2022金砖国家职业技能大赛启动赛', en: '2022 BRICS Skills Competition kick-off stage' },
    summary: {
      zhHans: '在厦门开幕的启动赛，设Web技术、机器学习与大数据、轨道车辆技术3个赛项。其时长各来源说法不一（见来源分歧）。',
      en: 'Kick-off stage opening in Xiamen with three events: Web Technology, Machine Learning and Big Data, and Rail Vehicle Technology. The sources disagree on its length (see its source disagreements).',
    },
    location: { zhHans: '厦门', en: 'Xiamen' },
    startsOn: '2022-05-24',
    endsOn: '2022-05-28',
    datePrecision: 'DAY',
    year: 2022,
    parent: 'brics-skills-competition-2022',
    tracks: [
      { name: { zhHans: 'Web技术', en: 'Web Technology' }, field: 'WEB_TECHNOLOGY' },
      { name: { zhHans: '机器学习与大数据', en: 'Machine Learning and Big Data' }, field: 'MACHINE_LEARNING' },
      { name: { zhHans: '轨道车辆技术', en: 'Rail Vehicle Technology' }, field: 'RAIL_TRANSPORT' },
    ],
    fields: ['WEB_TECHNOLOGY', 'MACHINE_LEARNING', 'BIG_DATA', 'RAIL_TRANSPORT'],
    citations: [...article(3), ...supplementary(SUP.kickOff)],
  },
  {
    slug: 'brics-skills-competition-2022-final',
    kind: 'COMPETITION',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { zhHans: '2022金砖国家职业技能大赛决赛', en: '2022 BRICS Skills Competition final' },
    summary: {
      zhHans: '决赛于2022年11月4日开幕，约2500名选手参加26个赛项。',
      en: 'The final opened on 4 November 2022 with about 2,500 competitors in 26 events.',
    },
    startsOn: '2022-11-04',
    datePrecision: 'DAY',
    year: 2022,
    parent: 'brics-skills-competition-2022',
    citations: supplementary(SUP.final),
  },
  {
    slug: 'skills-development-technology-innovation-competition-xiamen-2022',
    kind: 'COMPETITION',
    status: 'PLANNED',
    pillar: 'TALENT_DEVELOPMENT',
    title: {
      zhHans: '2022金砖国家技能发展与技术创新大赛厦门国际赛',
      en: '2022 BRICS Skills Development and Technology Innovation Competition, Xiamen International Contest',
    },
    summary: {
      zhHans: '基地计划于2022年举办的国际赛，用以带动培训。',
      en: 'International contest the base planned for 2022 as part of using competitions to drive training.',
    },
    year: 2022,
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: article(21),
  },
  {
    slug: 'buy-in-brics-series',
    kind: 'EVENT',
    status: 'ONGOING',
    pillar: 'PROJECT_DEVELOPMENT',
    title: { zhHans: '“买在金砖”系列活动', en: '“Buy in BRICS” series of activities' },
    summary: {
      zhHans: '推广金砖国家商品的系列活动，电商直播为其中一场。',
      en: 'Series of activities promoting goods from BRICS countries; the e-commerce livestream was one of them.',
    },
    year: 2022,
    fields: ['E_COMMERCE', 'TRADE'],
    citations: article(4),
  },
  {
    slug: 'brics-featured-products-livestream-2022',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'PROJECT_DEVELOPMENT',
    title: { zhHans: '金砖国家特色商品电商直播活动', en: 'E-commerce livestream of BRICS featured products' },
    summary: {
      zhHans: '在厦门举办的电商直播，目的是扩大金砖国家优质商品对华出口，并加强金砖国家数字经济合作。',
      en: 'E-commerce livestream held in Xiamen to help quality products from BRICS countries reach the Chinese market and to deepen BRICS digital-economy cooperation.',
    },
    location: { zhHans: '厦门', en: 'Xiamen' },
    startsOn: '2022-05-01',
    datePrecision: 'MONTH',
    year: 2022,
    parent: 'buy-in-brics-series',
    fields: ['E_COMMERCE', 'DIGITAL_ECONOMY', 'TRADE'],
    participants: [
      { institution: 'mofcom', role: 'GUIDE' },
      { institution: 'xiamen-government', role: 'HOST' },
      { institution: 'fujian-department-of-commerce', role: 'HOST' },
      { institution: 'xiamen-bureau-of-commerce', role: 'ORGANISER' },
      { institution: 'xiamen-free-trade-zone-committee', role: 'ORGANISER' },
    ],
    citations: article(4),
  },
  {
    slug: 'xiamen-brics-research-briefs',
    kind: 'REPORT',
    status: 'ONGOING',
    pillar: 'POLICY_COORDINATION',
    title: { zhHans: '厦门金砖研究专报', en: 'Xiamen BRICS Research Briefs' },
    summary: {
      zhHans: '自基地启动建设以来陆续发布的研究报告，为基地的发展方向提供建议。',
      en: 'Research briefs issued since work on the base began, advising on how the base should develop.',
    },
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: article(9),
  },
  {
    slug: 'development-plan-and-three-year-action-plan',
    kind: 'POLICY_INITIATIVE',
    status: 'PLANNED',
    pillar: 'POLICY_COORDINATION',
    title: {
      zhHans: '金砖创新基地发展规划及三年行动方案',
      en: 'Development plan and three-year action plan of the BRICS PartNIR Innovation Center',
    },
    summary: {
      zhHans: '2022年加强顶层设计的一部分：发布并实施基地发展规划及三年行动方案。',
      en: 'Part of strengthening top-level design in 2022: publishing and carrying out a development plan and a three-year action plan for the base.',
    },
    year: 2022,
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: article(10),
  },
  {
    slug: 'brics-standardisation-mutual-recognition-study',
    kind: 'POLICY_INITIATIVE',
    status: 'ONGOING',
    pillar: 'POLICY_COORDINATION',
    title: {
      zhHans: '金砖国家标准化互认工作机制和路径研究',
      en: 'Study of BRICS standardisation mutual-recognition mechanisms and pathways',
    },
    summary: {
      zhHans: '持续研究金砖国家间标准互认的机制与路径，支持数字领域标准的互联互通与互认。',
      en: 'Continuing research on how BRICS countries can mutually recognise standards, supporting interoperable and mutually recognised digital standards.',
    },
    year: 2022,
    fields: ['STANDARDISATION', 'DIGITAL_ECONOMY'],
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: article(13),
  },
  {
    slug: 'cross-border-e-commerce-pilot',
    kind: 'POLICY_INITIATIVE',
    status: 'PLANNED',
    pillar: 'POLICY_COORDINATION',
    title: {
      zhHans: '与金砖国家跨境电子商务监管制度和便利化措施试点',
      en: 'Pilot cross-border e-commerce supervision and facilitation measures with BRICS countries',
    },
    summary: {
      zhHans: '2022年探索与金砖国家试行跨境电商监管及便利化安排。',
      en: 'Exploration in 2022 of trial supervision and facilitation arrangements for cross-border e-commerce with BRICS countries.',
    },
    year: 2022,
    fields: ['E_COMMERCE', 'TRADE'],
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: article(13),
  },
  {
    slug: 'brics-country-risk-report',
    kind: 'REPORT',
    status: 'PLANNED',
    pillar: 'POLICY_COORDINATION',
    title: { zhHans: '金砖国家国别风险报告', en: 'BRICS country risk report' },
    summary: {
      zhHans: '基地计划于2022年与中国出口信用保险公司共同发布的国别风险报告。',
      en: 'Country risk report the base planned to publish jointly with Sinosure in 2022.',
    },
    year: 2022,
    fields: ['TRADE'],
    participants: [
      { institution: 'bpic', role: 'ORGANISER' },
      { institution: 'sinosure', role: 'PARTNER' },
    ],
    citations: article(13),
  },
  {
    slug: 'msrcld-brics-zone',
    kind: 'POLICY_INITIATIVE',
    status: 'PLANNED',
    pillar: 'POLICY_COORDINATION',
    title: {
      zhHans: '海丝中央法务区金砖国家专区',
      en: 'BRICS zone in the Maritime Silk Road Central Legal District',
    },
    summary: {
      zhHans: '2022年探索在海丝中央法务区内设立面向金砖国家的专区。',
      en: 'Exploration in 2022 of a dedicated BRICS zone within the Maritime Silk Road Central Legal District.',
    },
    location: { zhHans: '海丝中央法务区', en: 'Maritime Silk Road Central Legal District' },
    year: 2022,
    fields: ['LAW_AND_TAXATION'],
    participants: [
      { institution: 'bpic', role: 'ORGANISER' },
      { institution: 'msrcld', role: 'HOST' },
    ],
    citations: article(13),
  },
  {
    slug: 'brics-think-tank-symposium-2021',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'POLICY_COORDINATION',
    title: { zhHans: '2021金砖国家智库国际研讨会', en: '2021 BRICS Think Tank International Symposium' },
    summary: {
      zhHans: '2021年举行的金砖国家智库国际研讨会，报道附有其资料图片。',
      en: 'International BRICS think-tank symposium held in 2021; the report carries an archive photo of it.',
    },
    startsOn: '2021-01-01',
    datePrecision: 'YEAR',
    year: 2021,
    citations: article(12),
  },
  {
    slug: 'big-data-precise-epidemic-control-training',
    kind: 'TRAINING',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { zhHans: '大数据助力精准抗疫', en: 'Big Data for Precise Epidemic Control' },
    summary: {
      zhHans: '基地举办的培训之一，主题为以大数据支持精准防疫；日期不详。',
      en: 'One of the trainings run by the base, on using big data for targeted epidemic control; date unknown.',
    },
    fields: ['BIG_DATA', 'PUBLIC_HEALTH'],
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: [
      ...article(16),
      inferred(
        { article: 17 },
        {
          zhHans: '推断：点名这些培训的段落未说明由谁举办；本项目据下一段“金砖创新基地……共开展17期线上线下人才培训和交流活动”认定其由基地举办且已举行。',
          en: 'Inference: the paragraph that names these trainings does not say who ran them; the project reads from the next paragraph, which counts the base’s 17 training and exchange sessions, that the base ran them and that they have taken place.',
        },
      ),
    ],
  },
  {
    slug: 'investing-in-brazil-tax-and-legal-training',
    kind: 'TRAINING',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { zhHans: '投资巴西的税务及法律问题', en: 'Tax and Legal Issues of Investing in Brazil' },
    summary: {
      zhHans: '基地举办的培训之一，讲解在巴西投资涉及的税务与法律事项；日期不详。',
      en: 'One of the trainings run by the base, on tax and legal questions for investors in Brazil; date unknown.',
    },
    fields: ['LAW_AND_TAXATION'],
    countries: ['BR'],
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: [
      ...article(16),
      inferred(
        { article: 17 },
        {
          zhHans: '推断：点名这些培训的段落未说明由谁举办；本项目据下一段“金砖创新基地……共开展17期线上线下人才培训和交流活动”认定其由基地举办且已举行。',
          en: 'Inference: the paragraph that names these trainings does not say who ran them; the project reads from the next paragraph, which counts the base’s 17 training and exchange sessions, that the base ran them and that they have taken place.',
        },
      ),
    ],
  },
  {
    slug: 'brics-green-finance-workshop',
    kind: 'TRAINING',
    status: 'COMPLETED',
    pillar: 'TALENT_DEVELOPMENT',
    title: { zhHans: '金砖国家绿色金融研修班', en: 'BRICS Green Finance Workshop' },
    summary: {
      zhHans: '基地举办的绿色金融研修班；日期不详。',
      en: 'Green-finance course run by the base; date unknown.',
    },
    fields: ['GREEN_FINANCE'],
    participants: [{ institution: 'bpic', role: 'ORGANISER' }],
    citations: [
      ...article(16),
      inferred(
        { article: 17 },
        {
          zhHans: '推断：点名这些培训的段落未说明由谁举办；本项目据下一段“金砖创新基地……共开展17期线上线下人才培训和交流活动”认定其由基地举办且已举行。',
          en: 'Inference: the paragraph that names these trainings does not say who ran them; the project reads from the next paragraph, which counts the base’s 17 training and exchange sessions, that the base ran them and that they have taken place.',
        },
      ),
    ],
  },
  {
    slug: 'brics-partnir-forum-2021',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'POLICY_COORDINATION',
    title: { zhHans: '2021年金砖国家新工业革命伙伴关系论坛', en: '2021 BRICS PartNIR Forum' },
    summary: {
      zhHans: '2021年举行的金砖国家新工业革命伙伴关系论坛，报道附有其资料图片。',
      en: 'The 2021 forum of the BRICS Partnership on New Industrial Revolution; the report carries an archive photo of it.',
    },
    startsOn: '2021-01-01',
    datePrecision: 'YEAR',
    year: 2021,
    citations: article(18),
  },
  {
    slug: 'joint-construction-agreement-2021',
    kind: 'AGREEMENT',
    status: 'COMPLETED',
    pillar: 'POLICY_COORDINATION',
    title: {
      zhHans: '工业和信息化部、福建省、厦门市共建金砖创新基地协议',
      en: 'MIIT–Fujian–Xiamen agreement on jointly building the innovation base',
    },
    summary: {
      zhHans: '部省市三方于2021年9月7日签署的共建协议；同日两家工信部部属单位分支机构揭牌。',
      en: 'Joint-construction agreement signed by MIIT, Fujian and Xiamen on 7 September 2021; two MIIT branch units were unveiled the same day.',
    },
    startsOn: '2021-09-07',
    datePrecision: 'DAY',
    year: 2021,
    participants: [
      { institution: 'miit', role: 'PARTNER' },
      { institution: 'fujian-government', role: 'PARTNER' },
      { institution: 'xiamen-government', role: 'PARTNER' },
    ],
    citations: supplementary(SUP.jointConstruction),
  },
  {
    slug: 'brics-future-innovation-park-unveiling',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'PROJECT_DEVELOPMENT',
    title: { zhHans: '金砖未来创新园揭牌', en: 'Unveiling of the BRICS Future Innovation Park' },
    summary: {
      zhHans: '2021年11月17日于软件园三期揭牌，同时签约8个项目。',
      en: 'Park unveiled in Software Park Phase III on 17 November 2021, with 8 projects signed.',
    },
    location: { zhHans: '软件园三期', en: 'Software Park Phase III, Xiamen' },
    startsOn: '2021-11-17',
    datePrecision: 'DAY',
    year: 2021,
    participants: [{ institution: 'brics-future-innovation-park', role: 'HOST' }],
    citations: supplementary(SUP.park),
  },
  {
    slug: 'forum-2022-09-07',
    kind: 'EVENT',
    status: 'COMPLETED',
    pillar: 'PROJECT_DEVELOPMENT',
    title: { zhHans: '2022年9月7日论坛', en: 'Forum of 7 September 2022' },
    summary: {
      zhHans: '会上8个新工业领域赋能平台上线，标准与知识产权服务中心和制造业创新成果产业创新中心揭牌，产业创新联盟成立，并签约29个项目，总额181亿元。',
      en: 'Forum at which the eight new-industry enabling platforms went live, a 标准与知识产权服务中心 (standards and IP service centre) and a 制造业创新成果产业创新中心 (manufacturing innovation centre) were unveiled, an industrial innovation alliance was formed and 29 projects worth 18.1 billion yuan were signed.',
    },
    startsOn: '2022-09-07',
    datePrecision: 'DAY',
    year: 2022,
    citations: supplementary(SUP.septemberForum, SUP.septemberProjects),
  },
  {
    slug: 'ndb-mou-2022',
    kind: 'AGREEMENT',
    status: 'COMPLETED',
    pillar: 'PROJECT_DEVELOPMENT',
    title: {
      zhHans: '金砖创新基地与新开发银行谅解备忘录',
      en: 'Memorandum of understanding between BPIC and the New Development Bank',
    },
    summary: {
      zhHans: '2022年6月14日签署。',
      en: 'Signed on 14 June 2022.',
    },
    startsOn: '2022-06-14',
    datePrecision: 'DAY',
    year: 2022,
    participants: [
      { institution: 'bpic', role: 'PARTNER' },
      { institution: 'ndb', role: 'PARTNER' },
    ],
    citations: supplementary(SUP.ndbMou),
  },
  {
    slug: 'international-organisations-project-cooperation',
    kind: 'POLICY_INITIATIVE',
    status: 'ONGOING',
    pillar: 'PROJECT_DEVELOPMENT',
    title: {
      zhHans: '与新开发银行、联合国工发组织沟通协作',
      en: 'Cooperation with the New Development Bank and UNIDO on project resources',
    },
    summary: {
      zhHans: '基地加强与国际组织的联系，以更快汇集项目资源。',
      en: 'The base works with international organisations to bring in project resources faster.',
    },
    year: 2022,
    participants: [
      { institution: 'bpic', role: 'ORGANISER' },
      { institution: 'ndb', role: 'PARTNER' },
      { institution: 'unido', role: 'PARTNER' },
    ],
    citations: article(28),
  },
];
