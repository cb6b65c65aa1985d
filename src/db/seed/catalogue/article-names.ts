import type { ArticleNameException } from '../../source/verify';

/**
 * Entities that cite the report although their zh-Hant name is not its literal wording: the
 * wording the name stands for, which must appear in a cited paragraph.
 */
export const articleNameExceptions: Readonly<Record<string, ArticleNameException>> = {
  // The report uses the short forms; the names add the city for readers outside the context.
  'institution:xiamen-bureau-of-commerce': { articleForm: '市商务局' },
  'institution:xiamen-free-trade-zone-committee': { articleForm: '市自贸委' },
  // Descriptive titles for items the report describes but does not name.
  'record:buy-in-brics-series': { articleForm: '“买在金砖”的系列活动' },
  'record:brics-standardisation-mutual-recognition-study': { articleForm: '金砖国家标准化互认工作机制和路径' },
  'record:cross-border-e-commerce-pilot': { articleForm: '与金砖国家的跨境电子商务监管制度和便利化措施' },
  'record:international-organisations-project-cooperation': {
    articleForm: '与新开发银行、联合国工发组织等国际组织沟通协作',
  },
};
