/**
 * The bench's second data shape (`BENCH_SHAPE=skewed`): what real data tends to look like and the
 * uniform shape does not. Bench-only; it writes SQL directly for speed and is never used by the API.
 *
 * On top of the seed, for `count` records:
 * - most records of one kind (EVENT, ~75%) and one year (2024, ~70%); some with no date (year
 *   only) and a few with neither, ~10% parts of another record (topLevelOnly);
 * - ~40% archived (they keep their participants and links, and must stay invisible);
 * - long titles and summaries in three scripts from a few hundred templates picked by a steep
 *   power law (so some words are in most records and others in a handful), ~35% without a
 *   summary and ~50% without a location; every title carries its record's number, a term found once;
 * - max(400, count / 20) institutions in ~50 countries, one "hub" taking part in ~30% of records,
 *   ~10% archived, many without acronym, country or description;
 * - 1–3 participants per record, and a few records (count / 10,000, at least 3, all live, some
 *   of them the latest) with 300 each; ~10% of participations archived;
 * - 0–3 countries and 0–2 fields per record, most often CN; one alliance with up to 2,000
 *   members, and count / 200 branch centres.
 *
 * Pseudo-random but deterministic: the same count gives the same data.
 */
import type { Client, InStatement } from '@libsql/client';
import { FIELDS, INSTITUTION_TYPES, PARTICIPANT_ROLES, PILLARS, RECORD_KINDS } from '../../db/enums';
import { indexedTerms } from '../../db/search';
import { searchTerms } from '../../db/text';

/** Extra countries (ISO 3166-1 alpha-2), besides the seed's. */
const COUNTRIES = [
  'AE', 'AR', 'AU', 'BD', 'BY', 'BO', 'CL', 'CO', 'CU', 'DE', 'DZ', 'EG', 'ES', 'ET', 'FR', 'GB', 'GH', 'ID', 'IR', 'IT',
  'JP', 'KE', 'KR', 'KZ', 'LA', 'MA', 'MX', 'MY', 'NG', 'NP', 'PE', 'PK', 'PH', 'SA', 'SG', 'TH', 'TR', 'TZ', 'UG', 'UY',
  'UZ', 'VE', 'VN', 'ZM', 'ZW', 'KH', 'LK', 'MN', 'SN', 'TN',
];

const EN_WORDS = (
  'industrial internet digital manufacturing skills competition forum training workshop seminar innovation centre partnership ' +
  'cooperation new revolution artificial intelligence machine learning green development finance trade supply chain standard ' +
  'intellectual property talent exchange delegation visit summit dialogue platform project signing agreement demonstration ' +
  'base alliance committee expert pool youth entrepreneurship startup incubator robotics automation smart factory blockchain ' +
  'data economy commerce railway transport health law taxation policy report capacity building vocational education'
).split(' ');

/** Simplified, Traditional. */
const ZH_WORDS: readonly (readonly [string, string])[] = [
  ['金砖', '金磚'], ['创新', '創新'], ['基地', '基地'], ['工业', '工業'], ['互联网', '互聯網'], ['数字', '數字'], ['制造', '製造'],
  ['技能', '技能'], ['大赛', '大賽'], ['论坛', '論壇'], ['培训', '培訓'], ['研讨会', '研討會'], ['伙伴', '夥伴'], ['合作', '合作'],
  ['新工业革命', '新工業革命'], ['人工智能', '人工智能'], ['绿色', '綠色'], ['发展', '發展'], ['金融', '金融'], ['贸易', '貿易'],
  ['供应链', '供應鏈'], ['标准化', '標準化'], ['知识产权', '知識產權'], ['人才', '人才'], ['交流', '交流'], ['代表团', '代表團'],
  ['访问', '訪問'], ['峰会', '峰會'], ['对话', '對話'], ['平台', '平台'], ['项目', '項目'], ['签约', '簽約'], ['协议', '協議'],
  ['示范', '示範'], ['联盟', '聯盟'], ['委员会', '委員會'], ['专家', '專家'], ['青年', '青年'], ['创业', '創業'], ['孵化器', '孵化器'],
  ['机器人', '機器人'], ['自动化', '自動化'], ['智能工厂', '智能工廠'], ['区块链', '區塊鏈'], ['经济', '經濟'], ['电子商务', '電子商務'],
  ['铁路', '鐵路'], ['运输', '運輸'], ['卫生', '衛生'], ['法律', '法律'], ['税务', '稅務'], ['政策', '政策'], ['报告', '報告'],
  ['能力建设', '能力建設'], ['职业教育', '職業教育'], ['厦门', '廈門'],
];

/** A small deterministic generator (mulberry32). */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Text3 {
  hans: string;
  hant: string;
  en: string;
}

/** Words drawn from the vocabularies, with one made-up word of this text's own (a rare term). */
function text3(random: () => number, words: number, own: string): Text3 {
  const en: string[] = [];
  const hans: string[] = [];
  const hant: string[] = [];
  for (let n = 0; n < words; n++) {
    en.push(EN_WORDS[Math.floor(random() * EN_WORDS.length)]!);
    const [s, t] = ZH_WORDS[Math.floor(random() * ZH_WORDS.length)]!;
    hans.push(s);
    hant.push(t);
  }
  en.splice(Math.floor(random() * en.length), 0, own);
  return { en: `${en.join(' ')} PartNIR`, hans: `${hans.join('')}，${own}`, hant: `${hant.join('')}，${own}` };
}

/** A made-up word per template number: letters only, so it is one search term. */
const ownWord = (prefix: string, n: number) => `${prefix}${n.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`;

const TEMPLATES = 400;

/** The fractional part of a real (SQLite's `%` works on integers only). */
const frac = (expr: string) => `((${expr}) - CAST((${expr}) AS INTEGER))`;

/** `json_extract` of a JSON array literal: the value at a computed index, inside SQL. */
const pick = (values: readonly string[], index: string) => `json_extract('${JSON.stringify(values)}', '$[' || (${index}) || ']')`;

/**
 * `u1` … `u9` in [0, 1) per row number `i`: two squarings modulo a prime, seeded by `i` and the
 * column, so that columns are not shifted copies of one another (a linear generator's would be).
 * Deterministic, and every step stays within 64-bit integers.
 */
function uniformColumns(columns: number): string {
  const p = 2147483647;
  const parts: string[] = [];
  for (let c = 1; c <= columns; c++) {
    const s0 = `((i * 2654435761 + ${c * 7919}) % ${p})`;
    const s1 = `((${s0} * ${s0} + ${c * 104729}) % ${p})`;
    parts.push(`((${s1} * ${s1} + i) % ${p}) / ${p}.0 AS u${c}`);
  }
  return parts.join(', ');
}

export async function buildSkewed(client: Client, count: number): Promise<void> {
  const random = randomFrom(20261130);
  const institutionsCount = Math.max(400, Math.floor(count / 20));
  const huge = Math.max(3, Math.floor(count / 10_000));

  // Templates of record texts, with their indexed terms (a record's title adds its number).
  const templates = Array.from({ length: TEMPLATES }, (_, k) => {
    const title = text3(random, 6 + Math.floor(random() * 14), ownWord('tz', k));
    const summary = random() < 0.35 ? null : text3(random, 30 + Math.floor(random() * 250), ownWord('sz', k));
    const location = random() < 0.5 ? null : text3(random, 2, ownWord('lz', k));
    // The body with and without the summary (a record may leave its summary out).
    const bodies = [summary, null].map((s) => searchTerms([s?.hant, s?.hans, s?.en, location?.hant, location?.hans, location?.en].map((t) => t ?? '').join(' ')));
    const parts = [title.hant, title.hans, title.en].map((t) => searchTerms(t));
    return {
      k,
      title,
      summary,
      location,
      words: parts.map((p) => p.words.join(' ')),
      body: bodies.map((b) => b.words.join(' ')),
      unigrams: bodies.map((b) => [...parts.flatMap((p) => p.unigrams), ...b.unigrams].join(' ')),
    };
  });

  const seedInstitutions = Number((await client.execute('SELECT max(id) AS m FROM institutions')).rows[0]!.m);
  const seedRecords = Number((await client.execute('SELECT max(id) AS m FROM records')).rows[0]!.m);
  const countries = ['CN', 'RU', 'IN', 'BR', 'ZA', ...COUNTRIES];

  const statements: InStatement[] = [];
  for (const code of COUNTRIES) {
    statements.push({
      sql: `INSERT OR IGNORE INTO countries (code, name_zh_hant, name_zh_hans, name_en, brics_member) VALUES (?, ?, ?, ?, 0)`,
      args: [code, `國家 ${code}`, `国家 ${code}`, `Country ${code}`],
    });
  }
  // Institutions: the first is the hub; text and search entries built here.
  for (let n = 1; n <= institutionsCount; n++) {
    const name = text3(random, 2 + Math.floor(random() * 10), ownWord('iz', n));
    const description = random() < 0.5 ? null : text3(random, 20 + Math.floor(random() * 120), ownWord('dz', n));
    const archived = n > 1 && random() < 0.1;
    const country = random() < 0.1 ? null : countries[Math.floor(countries.length * random() ** 2)]!;
    const acronym = random() < 0.7 ? null : `SI${n}`;
    const id = seedInstitutions + n;
    const parent = n > 20 && random() < 0.1 ? seedInstitutions + 1 + Math.floor(random() * (n - 1)) : null;
    statements.push({
      sql: `INSERT INTO institutions (id, slug, type, name_zh_hant, name_zh_hans, name_en, acronym, country_code, description_zh_hant, description_zh_hans, description_en, parent_id, archived_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id, `synthetic-institution-${n}`, INSTITUTION_TYPES[Math.floor(INSTITUTION_TYPES.length * random() ** 2)]!,
        name.hant, name.hans, name.en, acronym, country, description?.hant ?? null, description?.hans ?? null, description?.en ?? null,
        parent, archived ? '2025-01-01T00:00:00.000Z' : null,
      ],
    });
    if (!archived) {
      const terms = indexedTerms({
        title: [name.hant, name.hans, name.en, acronym ?? ''].join(' '),
        body: [description?.hant ?? '', description?.hans ?? '', description?.en ?? ''].join(' '),
      });
      statements.push({
        sql: `INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('Institution', ?, ?, ?, ?)`,
        args: [id, terms.title, terms.body, terms.unigrams],
      });
    }
  }
  const seedCentres = Number((await client.execute('SELECT max(id) AS m FROM branch_centres')).rows[0]!.m);
  for (let n = 1; n <= Math.max(5, Math.floor(count / 200)); n++) {
    const name = text3(random, 2 + Math.floor(random() * 4), ownWord('bz', n));
    const archived = n % 5 === 0;
    const id = seedCentres + n;
    statements.push({
      sql: `INSERT INTO branch_centres (id, slug, kind, status, name_zh_hant, name_zh_hans, name_en, host_institution_id, planned_year, archived_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id, `synthetic-centre-${n}`, n % 4 === 0 ? 'ENABLING_PLATFORM' : 'MIIT_BRANCH', ['PLANNED', 'LAUNCHED', 'OPERATING'][n % 3]!,
        name.hant, name.hans, name.en, n % 2 === 0 ? seedInstitutions + 1 : seedInstitutions + 1 + (n % institutionsCount), 2020 + (n % 8),
        archived ? '2025-01-01T00:00:00.000Z' : null,
      ],
    });
    if (archived) continue;
    const terms = indexedTerms({ title: [name.hant, name.hans, name.en].join(' '), body: '' });
    statements.push({
      sql: `INSERT INTO search_index (entity_type, entity_id, title, body, unigrams) VALUES ('BranchCentre', ?, ?, ?, ?)`,
      args: [id, terms.title, terms.body, terms.unigrams],
    });
  }
  for (const t of templates) {
    statements.push({
      sql: `INSERT INTO temp.templates VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        t.k, t.title.hant, t.title.hans, t.title.en, t.summary?.hant ?? null, t.summary?.hans ?? null, t.summary?.en ?? null,
        t.location?.hant ?? null, t.location?.hans ?? null, t.location?.en ?? null, t.words[0]!, t.words[1]!, t.words[2]!,
        t.body[0]!, t.body[1]!, t.unigrams[0]!, t.unigrams[1]!,
      ],
    });
  }
  const live = `s.u7 >= 0.4 OR s.huge`;
  const recordId = `(${seedRecords} + s.i)`;
  await client.batch(
    [
      `CREATE TEMP TABLE templates (k INTEGER PRIMARY KEY, t_hant, t_hans, t_en, s_hant, s_hans, s_en, l_hant, l_hans, l_en, w_hant, w_hans, w_en, body, body_short, unigrams, unigrams_short)`,
      ...statements,
      {
        sql: `CREATE TEMP TABLE synth AS
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                SELECT i, ${uniformColumns(9)}, (i % max(1, ? / ?) = 7 % max(1, ? / ?)) AS huge FROM n`,
        args: [count, count, huge, count, huge],
      },
      // The huge records are the latest too: give them the last dates of 2024.
      `INSERT INTO records (id, slug, kind, status, pillar, title_zh_hant, title_zh_hans, title_en,
         summary_zh_hant, summary_zh_hans, summary_en, location_zh_hant, location_zh_hans, location_en,
         starts_on, ends_on, date_precision, year, parent_id, archived_at)
       SELECT ${recordId}, 'synthetic-' || s.i,
         CASE WHEN s.u1 < 0.75 THEN 'EVENT' ELSE ${pick(RECORD_KINDS, 'CAST(s.u1 * 1000 AS INTEGER) % 8')} END,
         CASE WHEN s.u5 < 0.6 THEN 'COMPLETED' WHEN s.u5 < 0.9 THEN 'ONGOING' ELSE 'PLANNED' END,
         ${pick(PILLARS, 'CAST(s.u6 * s.u6 * 3 AS INTEGER)')},
         t.t_hant || ' #' || s.i, t.t_hans || ' #' || s.i, t.t_en || ' #' || s.i,
         CASE WHEN s.u9 < 0.2 THEN NULL ELSE t.s_hant END, CASE WHEN s.u9 < 0.2 THEN NULL ELSE t.s_hans END, CASE WHEN s.u9 < 0.2 THEN NULL ELSE t.s_en END,
         t.l_hant, t.l_hans, t.l_en,
         d.starts_on, CASE WHEN d.starts_on IS NOT NULL AND s.u4 < 0.3 THEN date(d.starts_on, '+' || CAST(s.u4 * 100 AS INTEGER) || ' days') END,
         CASE WHEN d.starts_on IS NOT NULL THEN 'DAY' WHEN d.year IS NOT NULL THEN 'YEAR' END,
         d.year,
         CASE WHEN s.u8 < 0.1 AND s.i > 10 AND NOT s.huge THEN ${seedRecords} + s.i - 1 - (s.i % 9) END,
         CASE WHEN ${live} THEN NULL ELSE '2025-01-01T00:00:00.000Z' END
       FROM synth s
       JOIN templates t ON t.k = CAST(${TEMPLATES} * s.u3 * s.u3 * s.u3 * s.u3 AS INTEGER)
       JOIN (SELECT i,
               CASE WHEN huge THEN 2024 WHEN u2 < 0.7 THEN 2024 WHEN u2 < 0.96 THEN 2014 + (i % 13) END AS year,
               CASE WHEN huge THEN printf('2024-12-%02d', 20 + i % 10)
                    WHEN u2 < 0.96 AND u4 < 0.8 THEN printf('%04d-%02d-%02d', CASE WHEN u2 < 0.7 THEN 2024 ELSE 2014 + (i % 13) END, 1 + i % 12, 1 + i % 28) END AS starts_on
             FROM synth) d ON d.i = s.i
       ORDER BY s.i`,
      // 1–3 participants: the hub hosts ~30%, others drawn by a power law; the huge records 300 more.
      `INSERT OR IGNORE INTO participants (record_id, institution_id, role, archived_at)
       SELECT ${recordId},
         CASE WHEN r.n = 0 AND s.u1 < 0.3 THEN ${seedInstitutions + 1}
              ELSE ${seedInstitutions + 1} + CAST(${institutionsCount} * ${frac('s.u2 * 7 + r.n * 0.37')} * ${frac('s.u2 * 7 + r.n * 0.37')} AS INTEGER) END,
         ${pick(PARTICIPANT_ROLES, '(s.i + r.n) % 6')},
         CASE WHEN ${frac('s.u9 * 10 + r.n * 0.31')} < 0.1 THEN '2025-01-01T00:00:00.000Z' END
       FROM synth s JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) r ON r.n <= CAST(s.u6 * 3 AS INTEGER)`,
      `INSERT OR IGNORE INTO participants (record_id, institution_id, role)
       WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 299)
       SELECT ${recordId}, ${seedInstitutions + 1} + k.n, ${pick(PARTICIPANT_ROLES, 'k.n % 6')} FROM synth s JOIN k WHERE s.huge`,
      `INSERT OR IGNORE INTO record_countries (record_id, country_code)
       SELECT ${recordId}, CASE WHEN r.n = 0 AND s.u5 < 0.5 THEN 'CN'
         ELSE ${pick(countries, `CAST(${countries.length} * ${frac('s.u5 * 13 + r.n * 0.29')} * ${frac('s.u5 * 13 + r.n * 0.29')} AS INTEGER)`)} END
       FROM synth s JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) r ON r.n < CAST(s.u8 * 4.9 AS INTEGER) % 4`,
      `INSERT OR IGNORE INTO record_fields (record_id, field)
       SELECT ${recordId}, ${pick(FIELDS, `CAST(${FIELDS.length} * ${frac('s.u4 * 11 + r.n * 0.41')} * ${frac('s.u4 * 11 + r.n * 0.41')} AS INTEGER)`)}
       FROM synth s JOIN (SELECT 0 AS n UNION ALL SELECT 1) r ON r.n < CAST(s.u9 * 3 AS INTEGER)`,
      // The first alliance gets up to 2,000 members; branch centres hosted mostly by the hub.
      `INSERT OR IGNORE INTO network_members (network_id, institution_id, role)
       SELECT (SELECT min(id) FROM networks), id, CASE WHEN id % 50 = 0 THEN 'LEAD' ELSE 'MEMBER' END
       FROM institutions WHERE id > ${seedInstitutions} ORDER BY id LIMIT 2000`,
      // A record's title terms are its template's with its number after each script's title.
      `INSERT INTO search_index (entity_type, entity_id, title, body, unigrams)
       SELECT 'CooperationRecord', r.id,
         t.w_hant || ' ' || s.i || ' ' || t.w_hans || ' ' || s.i || ' ' || t.w_en || ' ' || s.i,
         CASE WHEN s.u9 < 0.2 THEN t.body_short ELSE t.body END, CASE WHEN s.u9 < 0.2 THEN t.unigrams_short ELSE t.unigrams END
       FROM synth s JOIN records r ON r.id = ${recordId}
       JOIN templates t ON t.k = CAST(${TEMPLATES} * s.u3 * s.u3 * s.u3 * s.u3 AS INTEGER)
       WHERE r.archived_at IS NULL`,
      'DROP TABLE temp.synth',
      'DROP TABLE temp.templates',
    ],
    'write',
  );
}
