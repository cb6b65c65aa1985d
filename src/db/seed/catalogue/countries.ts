/** Countries the data refers to. Part of the seed catalogue (./index.ts). */
import type { SeedCountry } from '../types';

export const countries: SeedCountry[] = [
  { code: 'CN', name: { zhHans: '中国', en: 'China' }, bricsMember: true },
  { code: 'BR', name: { zhHans: '巴西', en: 'Brazil' }, bricsMember: true },
  { code: 'RU', name: { zhHans: '俄罗斯', en: 'Russia' }, bricsMember: true },
  { code: 'IN', name: { zhHans: '印度', en: 'India' }, bricsMember: true },
  { code: 'ZA', name: { zhHans: '南非', en: 'South Africa' }, bricsMember: true },
];
