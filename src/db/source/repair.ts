/**
 * Repair of the received news report and detection of leftover damage.
 *
 * The file was damaged in three ways (shared/source/README.md): pinyin readings in parentheses
 * after Chinese characters, a mis-decoded character with its punctuation, and a stray HTML tag.
 * The repair is generic where the damage has a recognisable shape; the one mis-decoding is
 * repaired from a table because its original bytes cannot be recovered from the text.
 */

/** Tone-marked vowels, ü and the rare tone-marked consonants of Hanyu Pinyin. */
const TONE_LETTERS = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ';

/**
 * A pinyin reading directly after a Han character: lower-case Latin letters with at least one
 * tone mark or ü. Requiring a tone mark keeps parentheses with plain Latin text, such as
 * "(PartNIR)", and all parentheses holding Chinese, such as "(資料圖)", untouched.
 */
const PINYIN_READING = new RegExp(
  `(?<=\\p{Script=Han})\\(([a-z${TONE_LETTERS}]*[${TONE_LETTERS}][a-z${TONE_LETTERS}]*)\\)`,
  'gu',
);

/**
 * Corrupt sequences with their clean text. The trailing "?" of a mis-decoded run also swallows
 * the "<" of a following tag, which the tag pattern below accounts for.
 */
export const KNOWN_MOJIBAKE: ReadonlyArray<{ corrupt: string; clean: string }> = [
  { corrupt: '?guī)臁?', clean: '庫。' },
];

/** HTML tags, including a closing tag whose "<" was lost to a mis-decoding. */
const HTML_TAG = /<[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>|<?\/[a-z][a-z0-9]*\s*>/giu;

export interface RepairDetails {
  text: string;
  /** Removed readings, in order, each with the character it followed. */
  pinyin: { character: string; reading: string }[];
  mojibake: { corrupt: string; clean: string }[];
  tags: string[];
}

/** Repairs the article and says what it changed. */
export function repairArticleDetailed(raw: string): RepairDetails {
  let text = raw.replace(/^\uFEFF/u, '');

  const mojibake: RepairDetails['mojibake'] = [];
  for (const entry of KNOWN_MOJIBAKE) {
    const parts = text.split(entry.corrupt);
    for (let i = 1; i < parts.length; i += 1) mojibake.push(entry);
    text = parts.join(entry.clean);
  }

  const pinyin: RepairDetails['pinyin'] = [];
  text = text.replace(PINYIN_READING, (_match, reading: string, offset: number, whole: string) => {
    // The last code point before the reading; a Han character may be a surrogate pair.
    const character = Array.from(whole.slice(Math.max(0, offset - 2), offset)).pop() ?? '';
    pinyin.push({ character, reading });
    return '';
  });

  const tags: string[] = [];
  text = text.replace(HTML_TAG, (tag) => {
    tags.push(tag);
    return '';
  });

  return { text, pinyin, mojibake, tags };
}

/** The article with all known damage repaired. */
export function repairArticle(raw: string): string {
  return repairArticleDetailed(raw).text;
}

/** Paragraphs of the repaired article: non-empty lines, trimmed; paragraph 1 is the headline. */
export function articleParagraphs(repaired: string): string[] {
  return repaired
    .split(/\r\n|\r|\n/u)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/**
 * Characters that UTF-8 Chinese text turns into when decoded as GBK (銆 from 。、「」, 锛 from
 * full-width punctuation, 鈥 from curly quotes, 锟斤拷 from a replacement character) or that the
 * known mis-decoding produced. None occurs in ordinary Chinese prose.
 */
const GBK_MOJIBAKE = /銆|锛|鈥|锟斤拷|臁|鐨|鏄|鍦/gu;

/** UTF-8 decoded as Latin-1 / Windows-1252: "Ã©", "Â ", "â€™", "ã€", "ï¼". */
const LATIN1_MOJIBAKE = /[ÃÂ][\u0080-\u00BF]|â€|ã€|ï¼/gu;

const DAMAGE_PATTERNS: ReadonlyArray<{ label: string; pattern: RegExp }> = [
  { label: 'pinyin reading', pattern: PINYIN_READING },
  { label: '"?" next to a Han character', pattern: /(?<=\p{Script=Han})\?|\?(?=\p{Script=Han})/gu },
  { label: 'replacement character', pattern: /\uFFFD/gu },
  { label: 'HTML tag', pattern: HTML_TAG },
  { label: 'C1 control character', pattern: /[\u0080-\u009F]/gu },
  { label: 'GBK mojibake', pattern: GBK_MOJIBAKE },
  { label: 'Latin-1 mojibake', pattern: LATIN1_MOJIBAKE },
];

/**
 * Describes every artefact of the known kinds of damage left in `text`, or returns an empty list.
 * It must stay silent on clean Chinese and English text, because it runs over every stored string.
 */
export function findDamage(text: string): string[] {
  const found: string[] = [];
  for (const { corrupt } of KNOWN_MOJIBAKE) {
    let at = text.indexOf(corrupt);
    while (at >= 0) {
      found.push(`known mojibake ${JSON.stringify(corrupt)} at ${at}`);
      at = text.indexOf(corrupt, at + corrupt.length);
    }
  }
  for (const { label, pattern } of DAMAGE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const index = match.index ?? 0;
      const context = text.slice(Math.max(0, index - 4), index + match[0].length + 4);
      found.push(`${label} ${JSON.stringify(match[0])} at ${index} in ${JSON.stringify(context)}`);
    }
  }
  return found;
}
