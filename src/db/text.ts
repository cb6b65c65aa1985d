/**
 * Script conversion and search normalisation. Conversion uses OpenCC's dictionaries (phrase-level,
 * so 制造/製造 and 后/後 are handled in context) rather than a character table.
 */
import { Converter } from 'opencc-js';

// Built on first use: loading the dictionaries takes hundreds of milliseconds, which would
// otherwise be paid by every Worker isolate at start-up, whether it searches or not.
let traditionalToSimplified: ((text: string) => string) | undefined;
let simplifiedToTraditional: ((text: string) => string) | undefined;

export function toSimplified(text: string): string {
  traditionalToSimplified ??= Converter({ from: 't', to: 'cn' });
  return traditionalToSimplified(text);
}

export function toTraditional(text: string): string {
  simplifiedToTraditional ??= Converter({ from: 'cn', to: 't' });
  return simplifiedToTraditional(text);
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
