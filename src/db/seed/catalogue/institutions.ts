/** Institutions: ministries, governments, agencies, universities, companies and cooperation bodies. Part of the seed catalogue (./index.ts). */
import type { InstitutionType } from '../../enums';
import type { SeedCitation, SeedText } from '../types';
import { SUP, article, supplementary } from './cite';

export interface SeedInstitution {
  slug: string;
  type: InstitutionType;
  name: SeedText;
  acronym?: string;
  country?: string;
  website?: string;
  description?: SeedText;
  parent?: string;
  citations: SeedCitation[];
}

export const institutions: SeedInstitution[] = [
  {
    slug: 'bpic',
    type: 'COOPERATION_BODY',
    name: { zhHans: '金砖创新基地', en: 'BRICS Partnership on New Industrial Revolution (PartNIR) Innovation Center' },
    acronym: 'BPIC',
    country: 'CN',
    description: {
      zhHans:
        '设于厦门的金砖国家新工业革命伙伴关系创新基地，由工业和信息化部、福建省与厦门市共建。2022年为金砖“中国年”，基地以政策协调、人才培养、项目开发为三大重点任务。',
      en: 'The BRICS PartNIR innovation base in Xiamen, locally also called the "BRICS Innovation Base", built jointly by MIIT, Fujian and Xiamen. In 2022, the BRICS "China Year", it works on three focus tasks: policy coordination, talent development and project development.',
    },
    citations: [...article(6), ...supplementary(SUP.englishName, SUP.jointConstruction)],
  },
  {
    slug: 'xiamen-leading-group-office',
    type: 'GOVERNMENT_AGENCY',
    name: { zhHans: '厦门金砖创新基地领导小组办公室', en: 'Office of Xiamen Leading Group for BRICS PartNIR Innovation Center' },
    country: 'CN',
    parent: 'xiamen-government',
    description: {
      zhHans: '厦门市协调金砖创新基地建设的机构。来源只给出英文名称，中文名称为译名。',
      en: "Xiamen's body coordinating work on the innovation base. The source gives only the English name; the Chinese name is a translation.",
    },
    citations: supplementary(SUP.leadingGroup),
  },
  {
    slug: 'miit',
    type: 'MINISTRY',
    name: { zhHans: '工业和信息化部', en: 'Ministry of Industry and Information Technology' },
    acronym: 'MIIT',
    country: 'CN',
    description: {
      zhHans: '来源中亦简称“工信部”；与福建省、厦门市共建金砖创新基地。',
      en: 'Also called 工信部 for short in the sources; builds the innovation base jointly with Fujian and Xiamen.',
    },
    citations: [...article(2, 27), ...supplementary(SUP.jointConstruction)],
  },
  {
    slug: 'miit-international-cooperation-center',
    type: 'GOVERNMENT_AGENCY',
    name: { zhHans: '工信部国际经济技术合作中心', en: 'MIIT International Economic and Technical Cooperation Center' },
    country: 'CN',
    parent: 'miit',
    description: {
      zhHans: '工业和信息化部所属单位，2021年9月在厦门设立分中心。',
      en: 'Unit under MIIT; opened a Xiamen branch in September 2021.',
    },
    citations: supplementary(SUP.jointConstruction),
  },
  {
    slug: 'caict',
    type: 'RESEARCH_INSTITUTE',
    name: { zhHans: '中国信息通信研究院', en: 'China Academy of Information and Communications Technology' },
    acronym: 'CAICT',
    country: 'CN',
    parent: 'miit',
    description: {
      zhHans: '工业和信息化部所属研究机构，2021年9月在厦门设立（东南）创新发展研究中心。',
      en: 'Research institute under MIIT; opened its (Southeast) innovation and development research centre in Xiamen in September 2021.',
    },
    citations: supplementary(SUP.jointConstruction),
  },
  {
    slug: 'fujian-government',
    type: 'GOVERNMENT',
    name: { zhHans: '福建省人民政府', en: "Fujian Provincial People's Government" },
    country: 'CN',
    citations: [...article(2), ...supplementary(SUP.jointConstruction)],
  },
  {
    slug: 'fujian-department-of-commerce',
    type: 'GOVERNMENT_AGENCY',
    name: { zhHans: '福建省商务厅', en: 'Fujian Provincial Department of Commerce' },
    country: 'CN',
    parent: 'fujian-government',
    citations: article(4),
  },
  {
    slug: 'xiamen-government',
    type: 'GOVERNMENT',
    name: { zhHans: '厦门市人民政府', en: "Xiamen Municipal People's Government" },
    country: 'CN',
    parent: 'fujian-government',
    citations: [...article(2, 4), ...supplementary(SUP.jointConstruction)],
  },
  {
    slug: 'xiamen-bureau-of-commerce',
    type: 'GOVERNMENT_AGENCY',
    name: { zhHans: '厦门市商务局', en: 'Xiamen Municipal Bureau of Commerce' },
    country: 'CN',
    parent: 'xiamen-government',
    description: { zhHans: '报道中简称“市商务局”。', en: 'Called 市商务局 ("the municipal bureau of commerce") in the report.' },
    citations: article(4),
  },
  {
    slug: 'xiamen-free-trade-zone-committee',
    type: 'GOVERNMENT_AGENCY',
    name: { zhHans: '厦门市自贸委', en: 'Xiamen Free Trade Zone Administrative Committee' },
    country: 'CN',
    parent: 'xiamen-government',
    description: { zhHans: '报道中简称“市自贸委”。', en: 'Called 市自贸委 in the report.' },
    citations: article(4),
  },
  {
    slug: 'mofcom',
    type: 'MINISTRY',
    name: { zhHans: '商务部', en: 'Ministry of Commerce' },
    acronym: 'MOFCOM',
    country: 'CN',
    citations: article(4),
  },
  {
    slug: 'cass',
    type: 'THINK_TANK',
    name: { zhHans: '中国社科院', en: 'Chinese Academy of Social Sciences' },
    acronym: 'CASS',
    country: 'CN',
    description: {
      zhHans: '厦门金砖创新基地智库合作联盟的参与智库之一；报道用其简称“中国社科院”。',
      en: 'One of the think tanks named for the Xiamen think-tank alliance; the report uses the short form 中国社科院.',
    },
    citations: article(11),
  },
  {
    slug: 'siis',
    type: 'THINK_TANK',
    name: { zhHans: '上海国际问题研究院', en: 'Shanghai Institutes for International Studies' },
    acronym: 'SIIS',
    country: 'CN',
    citations: article(11),
  },
  {
    slug: 'bnu',
    type: 'UNIVERSITY',
    name: { zhHans: '北京师范大学', en: 'Beijing Normal University' },
    acronym: 'BNU',
    country: 'CN',
    citations: article(11),
  },
  {
    slug: 'sinosure',
    type: 'COMPANY',
    name: { zhHans: '中国出口信用保险公司', en: 'China Export & Credit Insurance Corporation' },
    acronym: 'Sinosure',
    country: 'CN',
    citations: article(13),
  },
  {
    slug: 'ndb',
    type: 'INTERNATIONAL_ORGANISATION',
    name: { zhHans: '新开发银行', en: 'New Development Bank' },
    acronym: 'NDB',
    description: {
      zhHans: '报道所列基地沟通协作的国际组织之一；2022年6月14日与金砖创新基地签署谅解备忘录。',
      en: 'One of the international organisations the report says the base works with; signed a memorandum of understanding with BPIC on 14 June 2022.',
    },
    citations: [...article(28), ...supplementary(SUP.ndbMou)],
  },
  {
    slug: 'unido',
    type: 'INTERNATIONAL_ORGANISATION',
    name: { zhHans: '联合国工发组织', en: 'United Nations Industrial Development Organization' },
    acronym: 'UNIDO',
    description: {
      zhHans: '报道所列基地沟通协作的国际组织之一，报道称之为“联合国工发组织”。',
      en: 'One of the international organisations the report says the base works with; the report calls it 联合国工发组织.',
    },
    citations: article(28),
  },
  {
    slug: 'brics-future-innovation-park',
    type: 'FACILITY',
    name: { zhHans: '金砖未来创新园', en: 'BRICS Future Innovation Park' },
    country: 'CN',
    description: {
      zhHans: '位于软件园三期，2021年11月17日揭牌，起步区面积20万平方米。',
      en: 'Park in Software Park Phase III, unveiled on 17 November 2021, with a start-up phase of 200,000 m².',
    },
    citations: [...article(5), ...supplementary(SUP.park)],
  },
  {
    slug: 'msrcld',
    type: 'FACILITY',
    name: { zhHans: '海丝中央法务区', en: 'Maritime Silk Road Central Legal District' },
    acronym: 'MSRCLD',
    country: 'CN',
    description: {
      zhHans: '报道提到基地探索在其中建设金砖国家专区；英文名称取自一份新闻稿，并非政府网页。',
      en: 'The report says the base is exploring a BRICS zone within it; the English name comes from a press release, not from a government page.',
    },
    citations: [...article(13), ...supplementary(SUP.legalDistrict)],
  },
];
