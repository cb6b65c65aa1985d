/** Networks: alliances, pools and committees, with the members the sources name. Part of the seed catalogue (./index.ts). */
import type { NetworkKind, NetworkRole, NetworkStatus, Pillar } from '../../enums';
import type { SeedCitation, SeedText } from '../types';
import { SUP, article, supplementary } from './cite';

export interface SeedNetwork {
  slug: string;
  kind: NetworkKind;
  status: NetworkStatus;
  pillar: Pillar;
  name: SeedText;
  description?: SeedText;
  establishedOn?: string;
  /** True unless the sources give the whole membership; a network no source lists members of is incomplete. */
  membershipIncomplete: boolean;
  members?: { institution: string; role: NetworkRole }[];
  citations: SeedCitation[];
}

export const networks: SeedNetwork[] = [
  {
    slug: 'think-tank-alliance',
    kind: 'THINK_TANK_ALLIANCE',
    status: 'PLANNED',
    pillar: 'POLICY_COORDINATION',
    name: { zhHans: '厦门金砖创新基地智库合作联盟', en: 'Xiamen BRICS Innovation Base Think Tank Cooperation Alliance' },
    description: {
      zhHans: '2022年计划组建的智库联盟；报道点名3所参与智库，并称还有其他。',
      en: 'Think-tank alliance planned for 2022; the report names three participants and says there are more.',
    },
    membershipIncomplete: true,
    members: [
      { institution: 'cass', role: 'MEMBER' },
      { institution: 'siis', role: 'MEMBER' },
      { institution: 'bnu', role: 'MEMBER' },
    ],
    citations: article(11),
  },
  {
    slug: 'policy-coordination-expert-pool',
    kind: 'EXPERT_POOL',
    status: 'PLANNED',
    pillar: 'POLICY_COORDINATION',
    name: { zhHans: '政策协调专家库', en: 'Policy Coordination Expert Pool' },
    description: { zhHans: '2022年计划建立的政策协调专家库。', en: 'Pool of policy-coordination experts planned for 2022.' },
    // No source names any member.
    membershipIncomplete: true,
    citations: article(11),
  },
  {
    slug: 'strategic-advisory-committee',
    kind: 'ADVISORY_COMMITTEE',
    status: 'PLANNED',
    pillar: 'POLICY_COORDINATION',
    name: { zhHans: '金砖创新基地战略咨询委员会', en: 'Strategic Advisory Committee of the BRICS PartNIR Innovation Center' },
    description: {
      zhHans: '2022年顶层设计工作之一：组建并完善基地的战略咨询委员会。',
      en: "Part of the base's 2022 top-level design work: forming and strengthening a strategic advisory committee.",
    },
    // No source names any member.
    membershipIncomplete: true,
    citations: article(10),
  },
  {
    slug: 'training-base-alliance',
    kind: 'TRAINING_ALLIANCE',
    status: 'EXPANDING',
    pillar: 'TALENT_DEVELOPMENT',
    name: {
      zhHans: '厦门金砖新工业能力提升培训基地联盟',
      en: 'Xiamen BRICS New Industrial Capacity Building Training Base Alliance',
    },
    description: {
      zhHans: '现有的培训基地联盟，2022年计划扩大规模。',
      en: 'Existing alliance of training bases, to be enlarged in 2022.',
    },
    // No source names any member.
    membershipIncomplete: true,
    citations: article(19),
  },
  {
    slug: 'talent-development-expert-pool',
    kind: 'EXPERT_POOL',
    status: 'PLANNED',
    pillar: 'TALENT_DEVELOPMENT',
    name: { zhHans: '人才培养专家资源库', en: 'Talent Development Expert Resource Pool' },
    description: { zhHans: '2022年计划建立的人才培养专家库。', en: 'Pool of talent-development experts planned for 2022.' },
    // No source names any member.
    membershipIncomplete: true,
    citations: article(19),
  },
  {
    slug: 'industrial-innovation-alliance',
    kind: 'INDUSTRY_ALLIANCE',
    status: 'ESTABLISHED',
    pillar: 'PROJECT_DEVELOPMENT',
    name: { zhHans: '产业创新联盟', en: 'Industrial Innovation Alliance' },
    description: {
      zhHans: '2022年9月7日论坛上成立；来源未列出成员。',
      en: 'Formed at the forum of 7 September 2022; the source lists no members.',
    },
    establishedOn: '2022-09-07',
    // No source names any member.
    membershipIncomplete: true,
    citations: supplementary(SUP.septemberForum),
  },
];
