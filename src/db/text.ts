/**
 * Script conversion and search normalisation. Conversion uses OpenCC's dictionaries (phrase-level,
 * so 制造/製造 and 后/後 are handled in context) rather than a character table.
 *
 * Traditional text is always derived from Simplified text (OpenCC `cn` → `t`, plus the phrase table
 * below), never kept as typed or as received: the news report was converted character by character
 * and carries one-to-many mistakes (制造 for 製造, 師范 for 師範) that a native writer never makes.
 */
import { ConverterFactory, CustomConverter } from 'opencc-js/core';
import cjkCompatibility from 'opencc-js/dict/CJK_Compatibility_Ideographs';
import stCharacters from 'opencc-js/dict/STCharacters';
import stPhrases from 'opencc-js/dict/STPhrases';
import stRegionalPhrases from 'opencc-js/dict/STPhrases_GeneratedFromRegionalPhrases';
import tsCharacters from 'opencc-js/dict/TSCharacters';
import tsPhrases from 'opencc-js/dict/TSPhrases';

/**
 * Phrases OpenCC still converts wrongly: the Simplified phrase, OpenCC's wrong Traditional and the
 * standard Traditional. In 国家制造业 OpenCC matches 家制 (a household system) before 制造 and
 * leaves 制造業; a second pass over its output replaces each wrong form with the standard one.
 */
export const TRADITIONAL_PHRASE_FIXES: ReadonlyArray<{ simplified: string; openCC: string; standard: string }> = [
  { simplified: '国家制造', openCC: '國家制造', standard: '國家製造' },
  { simplified: '专家制造', openCC: '專家制造', standard: '專家製造' },
];

/**
 * Traditional spellings that a character-by-character converter produces and standard Traditional
 * never uses here, each with its standard form. The received report carries all of them.
 */
export const KNOWN_MISCONVERSIONS: ReadonlyArray<{ wrong: string; standard: string }> = [
  { wrong: '制造', standard: '製造' },
  { wrong: '師范', standard: '師範' },
  { wrong: '示范', standard: '示範' },
  { wrong: '關系', standard: '關係' },
  { wrong: '咨詢', standard: '諮詢' },
  { wrong: '伙伴', standard: '夥伴' },
  { wrong: '位于', standard: '位於' },
];

/**
 * A dictionary's text, from the module OpenCC ships it in (`export default "…";`). Node and the
 * tests import that module as JavaScript. The Worker takes it as a text module (wrangler.toml's
 * rule): the 1 MB of Simplified-to-Traditional phrases, which only writes use, is then not parsed
 * as script at every isolate's start-up (workerd's main thread: ~60 ms less CPU per start). There
 * the module's text is its source, whose string literal (OpenCC writes no escapes) is read as JSON.
 */
function dictionary(module: string): string {
  if (!module.startsWith('export default ')) return module;
  const literal = /^export default ("[^\\]*");?\s*$/.exec(module)?.[1];
  if (literal === undefined) throw new Error(`an OpenCC dictionary module in a form not known here: ${module.slice(0, 40)}…`);
  return JSON.parse(literal) as string;
}

// Built on first use: building the tries takes hundreds of milliseconds, which would otherwise be
// paid by every Worker isolate at start-up, whether it converts or not. The chains are OpenCC's
// own `t2s` and `s2t` configurations: a normalisation of compatibility ideographs, then phrases
// before characters.
let traditionalToSimplified: ((text: string) => string) | undefined;
let simplifiedToTraditional: ((text: string) => string) | undefined;

export function toSimplified(text: string): string {
  traditionalToSimplified ??= ConverterFactory([dictionary(cjkCompatibility)], [dictionary(tsPhrases), dictionary(tsCharacters)]);
  return traditionalToSimplified(text);
}

/** Standard Traditional from Simplified text: OpenCC `cn` → `t`, then the phrase fixes above. */
export function toTraditional(text: string): string {
  if (!simplifiedToTraditional) {
    const openCC = ConverterFactory(
      [dictionary(cjkCompatibility)],
      [dictionary(stPhrases), dictionary(stRegionalPhrases), dictionary(stCharacters)],
    );
    const fixes = CustomConverter(TRADITIONAL_PHRASE_FIXES.map((fix) => [fix.openCC, fix.standard] as [string, string]));
    simplifiedToTraditional = (input) => fixes(openCC(input));
  }
  return simplifiedToTraditional(text);
}

/**
 * Drops the converters built so far. Their dictionaries hold ~20 MB of heap (~50 MB resident);
 * after seeding, a server keeps them only until its first write that needs them again.
 */
export function releaseConverters(): void {
  traditionalToSimplified = undefined;
  simplifiedToTraditional = undefined;
}

/**
 * Standard Traditional for text in either script. Going through Simplified repairs Traditional
 * text that was converted character by character (師范 → 师范 → 師範).
 */
export function standardTraditional(text: string): string {
  return toTraditional(toSimplified(text));
}

/** Each known mis-conversion in a Traditional text, with where it stands; empty when clean. */
export function findMisconversions(text: string): string[] {
  const found: string[] = [];
  for (const { wrong, standard } of KNOWN_MISCONVERSIONS) {
    for (let at = text.indexOf(wrong); at >= 0; at = text.indexOf(wrong, at + wrong.length)) {
      found.push(`${wrong} (standard ${standard}) at ${at} in ${JSON.stringify(text.slice(Math.max(0, at - 6), at + wrong.length + 6))}`);
    }
  }
  return found;
}

/** Han ideographs (CJK Unified Ideographs, Extension A, Compatibility). */
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+/gu;

export interface SearchTerms {
  /** Chinese as overlapping bigrams and everything else as lower-case words. */
  words: string[];
  /** Single Han characters, for one-character queries. */
  unigrams: string[];
}

/**
 * Splits text the way the full-text index stores it. Chinese has no spaces and most words are two
 * characters, so each run of Han characters becomes its overlapping bigrams; Traditional text is
 * first folded to Simplified so that either script finds the other.
 */
export function searchTerms(text: string): SearchTerms {
  const folded = toSimplified(text.normalize('NFKC')).toLowerCase();
  const words: string[] = [];
  const unigrams: string[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    const token = match[0];
    if (!HAN.test(token)) {
      words.push(token);
      continue;
    }
    const chars = Array.from(token);
    unigrams.push(...chars);
    if (chars.length === 1) words.push(token);
    for (let i = 0; i + 1 < chars.length; i++) words.push(chars[i]! + chars[i + 1]!);
  }
  return { words, unigrams };
}

/**
 * Builds an FTS5 MATCH expression from a user query: every term must match. A Han run is split
 * into consecutive, non-overlapping bigrams (plus a last single character), each of which must
 * occur: since documents store every overlapping bigram, any text containing the run matches,
 * and so does text containing its two-character words apart (金砖论坛 finds 金砖…论坛).
 * Latin words match as prefixes. Terms are quoted, so no input is read as FTS5 syntax.
 * Returns null when nothing searchable remains.
 */
export function searchMatchExpression(query: string): string | null {
  const folded = toSimplified(query.normalize('NFKC')).toLowerCase();
  const clauses: string[] = [];
  for (const match of folded.matchAll(TOKEN)) {
    const token = match[0];
    if (!HAN.test(token)) {
      clauses.push(`"${token}"*`);
      continue;
    }
    const chars = Array.from(token);
    for (let i = 0; i < chars.length; i += 2) {
      const next = chars[i + 1];
      clauses.push(next === undefined ? `unigrams : "${chars[i]}"` : `{title body} : "${chars[i]}${next}"`);
    }
  }
  return clauses.length > 0 ? clauses.join(' AND ') : null;
}
