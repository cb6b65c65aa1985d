/** Branch centres of the innovation base, launched or planned. Part of the seed catalogue (./index.ts). */
import type { BranchCentreKind, BranchCentreStatus, Field } from '../../enums';
import type { SeedCitation, SeedText } from '../types';
import { SUP, article, inferred, supplementary } from './cite';

export interface SeedBranchCentre {
  slug: string;
  kind: BranchCentreKind;
  status: BranchCentreStatus;
  name: SeedText;
  description?: SeedText;
  host?: string;
  target?: string;
  field?: Field;
  plannedYear?: number;
  launchedOn?: string;
  citations: SeedCitation[];
}

export const branchCentres: SeedBranchCentre[] = [
  {
    slug: 'brics-manufacturing-innovation-commercialisation-centre',
    kind: 'MIIT_BRANCH',
    status: 'LAUNCHED',
    name: {
      zhHans: '金砖国家制造业创新成果产业化服务中心',
      en: 'BRICS Manufacturing Innovation Commercialisation Service Centre',
    },
    description: {
      zhHans: '2022年计划落地的工信部部属单位分支机构之一。其落地为推断：2022年9月7日揭牌的“制造业创新成果产业创新中心”与之名称相近，但来源未称其为工信部分支机构。',
      en: 'One of the MIIT-affiliated branches planned for 2022. Its launch is an inference: a centre with a similar name (制造业创新成果产业创新中心) was unveiled on 7 September 2022, but the source does not call it an MIIT branch.',
    },
    target: 'miit-branches-2022',
    field: 'INNOVATION',
    plannedYear: 2022,
    launchedOn: '2022-09-07',
    citations: [
      ...article(27),
      inferred(
        { source: SUP.septemberForum },
        {
          zhHans:
            '推断：来源记2022年9月7日“制造业创新成果产业创新中心”揭牌，名称与报道的“制造业创新成果产业化服务中心”相近而不同，且未称其为工信部分支机构；本项目据此认定该分支机构于当日落地。',
          en: 'Inference: the source reports that a 制造业创新成果产业创新中心 was unveiled on 7 September 2022. Its name is close to, but not, the report’s 制造业创新成果产业化服务中心, and the source does not call it an MIIT branch; the project takes it to be this branch, launched that day.',
        },
      ),
    ],
  },
  {
    slug: 'it-standards-ip-service-centre',
    kind: 'MIIT_BRANCH',
    status: 'LAUNCHED',
    name: {
      zhHans: '信息技术标准与知识产权服务中心',
      en: 'Information Technology Standards and Intellectual Property Service Centre',
    },
    description: {
      zhHans: '2022年计划落地的工信部部属单位分支机构之一。其落地为推断：2022年9月7日揭牌的“标准与知识产权服务中心”与之名称相近，但来源未称其为工信部分支机构。',
      en: 'One of the MIIT-affiliated branches planned for 2022. Its launch is an inference: a centre with a similar name (标准与知识产权服务中心) was unveiled on 7 September 2022, but the source does not call it an MIIT branch.',
    },
    target: 'miit-branches-2022',
    field: 'STANDARDISATION',
    plannedYear: 2022,
    launchedOn: '2022-09-07',
    citations: [
      ...article(27),
      inferred(
        { source: SUP.septemberForum },
        {
          zhHans:
            '推断：来源记2022年9月7日“标准与知识产权服务中心”揭牌，名称与报道的“信息技术标准与知识产权服务中心”相近而不同，且未称其为工信部分支机构；本项目据此认定该分支机构于当日落地。',
          en: 'Inference: the source reports that a 标准与知识产权服务中心 was unveiled on 7 September 2022. Its name is close to, but not, the report’s 信息技术标准与知识产权服务中心, and the source does not call it an MIIT branch; the project takes it to be this branch, launched that day.',
        },
      ),
    ],
  },
  {
    slug: 'miit-cooperation-center-xiamen-branch',
    kind: 'MIIT_BRANCH',
    status: 'LAUNCHED',
    name: {
      zhHans: '工信部国际经济技术合作中心厦门分中心',
      en: 'Xiamen Branch of the MIIT International Economic and Technical Cooperation Center',
    },
    description: {
      zhHans: '2021年9月7日揭牌的工信部部属单位分支机构；未见官方英文名称。',
      en: 'MIIT branch unit unveiled on 7 September 2021; no official English name was found.',
    },
    host: 'miit-international-cooperation-center',
    launchedOn: '2021-09-07',
    citations: supplementary(SUP.jointConstruction),
  },
  {
    slug: 'caict-southeast-innovation-centre',
    kind: 'MIIT_BRANCH',
    status: 'LAUNCHED',
    name: {
      zhHans: '中国信息通信研究院(东南)创新发展研究中心',
      en: 'CAICT (Southeast) Innovation and Development Research Center',
    },
    description: {
      zhHans: '2021年9月7日揭牌的工信部部属单位分支机构；未见官方英文名称。',
      en: 'MIIT branch unit unveiled on 7 September 2021; no official English name was found.',
    },
    host: 'caict',
    launchedOn: '2021-09-07',
    citations: supplementary(SUP.jointConstruction),
  },
  {
    slug: 'supply-chain-collaborative-innovation-platform',
    kind: 'ENABLING_PLATFORM',
    status: 'LAUNCHED',
    name: {
      zhHans: '产业链供应链协同创新赋能平台',
      en: 'Industrial and Supply Chain Collaborative Innovation Enabling Platform',
    },
    description: {
      zhHans: '2022年9月7日上线的8个新工业领域赋能平台之一；来源只以领域称之。',
      en: 'One of the eight new-industry enabling platforms that went live on 7 September 2022; the source names it only by its area.',
    },
    target: 'enabling-platforms-2022',
    field: 'SUPPLY_CHAIN',
    plannedYear: 2022,
    launchedOn: '2022-09-07',
    citations: supplementary(SUP.septemberForum),
  },
  {
    slug: 'digital-standards-verification-platform',
    kind: 'ENABLING_PLATFORM',
    status: 'LAUNCHED',
    name: {
      zhHans: '数字领域标准验证与创新应用赋能平台',
      en: 'Digital Standards Verification and Innovative Application Enabling Platform',
    },
    description: {
      zhHans: '2022年9月7日上线的8个新工业领域赋能平台之一；来源只以领域称之。',
      en: 'One of the eight new-industry enabling platforms that went live on 7 September 2022; the source names it only by its area.',
    },
    target: 'enabling-platforms-2022',
    field: 'STANDARDISATION',
    plannedYear: 2022,
    launchedOn: '2022-09-07',
    citations: supplementary(SUP.septemberForum),
  },
  {
    slug: 'talent-development-enabling-platform',
    kind: 'ENABLING_PLATFORM',
    status: 'LAUNCHED',
    name: { zhHans: '人才培养赋能平台', en: 'Talent Development Enabling Platform' },
    description: {
      zhHans: '2022年9月7日上线的8个新工业领域赋能平台之一；来源只以领域称之。',
      en: 'One of the eight new-industry enabling platforms that went live on 7 September 2022; the source names it only by its area.',
    },
    target: 'enabling-platforms-2022',
    field: 'TALENT_DEVELOPMENT',
    plannedYear: 2022,
    launchedOn: '2022-09-07',
    citations: supplementary(SUP.septemberForum),
  },
];
