/**
 * Search snippets in the reader's script. The full-text index stores text folded to Simplified,
 * lower case and cut into bigrams, so FTS5's own `highlight()` output is in that form. Here the
 * terms it marked are located again in the original text of the caller's locale (Traditional,
 * Simplified or English), by folding that text the same way while remembering where every folded
 * character came from.
 */
import type { Locale } from './enums';
import { ENTITIES, SEARCH_FIELDS, type SearchableType, type SearchFieldName } from './entities';
import type { SearchHit } from './search';
import { toSimplified } from './text';

/** A highlighted span of a snippet: UTF-16 offsets into its text, as JavaScript, Java and NSString count. */
export interface SnippetMatch {
  start: number;
  end: number;
}

/** A search field (src/db/entities.ts), as the `SearchField` enum names it. */
export type SnippetField = Uppercase<SearchFieldName>;

const snippetField = (field: SearchFieldName) => field.toUpperCase() as SnippetField;
const searchField = (field: SnippetField) => field.toLowerCase() as SearchFieldName;

export interface Snippet {
  field: SnippetField;
  /** Null for text that exists in one form only (acronyms: fields that are not localised). */
  locale: Locale | null;
  text: string;
  matches: SnippetMatch[];
}

/** The snippet fields a type's title and body are indexed from (its search document). */
const fieldsOf = (type: SearchableType) => ({
  title: ENTITIES[type].search.title.map(snippetField),
  body: ENTITIES[type].search.body.map(snippetField),
});

const SUFFIX: Record<Locale, string> = { ZH_HANS: 'ZhHans', ZH_HANT: 'ZhHant', EN: 'En' };

/** Locales tried in turn: the caller's first, as localised fields fall back. */
const FALLBACK: Record<Locale, readonly Locale[]> = {
  ZH_HANS: ['ZH_HANS', 'ZH_HANT', 'EN'],
  ZH_HANT: ['ZH_HANT', 'ZH_HANS', 'EN'],
  EN: ['EN', 'ZH_HANS', 'ZH_HANT'],
};

/** Longest snippet, in characters; longer texts are cut around their first match. */
export const SNIPPET_LENGTH = 120;
const CONTEXT_BEFORE = 30;

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
// The same tokens as `searchTerms` in text.ts: a Han run, or a run of letters and digits.
const TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\p{L}\p{N}]+/gu;

/**
 * Folds text as the index does (NFKC, Simplified, lower case) and keeps, for every folded code
 * point, the UTF-16 range of the original character it came from. The whole text is converted
 * at once, so phrase-level conversions match the index; only where that changes the number of
 * characters is each character converted on its own.
 */
function foldWithOrigins(text: string): { folded: string[]; origin: SnippetMatch[] } {
  const characters = Array.from(text);
  const ranges: SnippetMatch[] = [];
  let offset = 0;
  for (const character of characters) {
    ranges.push({ start: offset, end: offset + character.length });
    offset += character.length;
  }
  const whole = Array.from(toSimplified(text.normalize('NFKC')).toLowerCase());
  if (whole.length === characters.length) return { folded: whole, origin: ranges };
  const folded: string[] = [];
  const origin: SnippetMatch[] = [];
  characters.forEach((character, index) => {
    for (const piece of Array.from(toSimplified(character.normalize('NFKC')).toLowerCase())) {
      folded.push(piece);
      origin.push(ranges[index]!);
    }
  });
  return { folded, origin };
}

/** Where the index terms `words` (words and bigrams) and `unigrams` occur in `text`, merged and in order. */
export function locateTerms(text: string, words: ReadonlySet<string>, unigrams: ReadonlySet<string>): SnippetMatch[] {
  if (words.size === 0 && unigrams.size === 0) return [];
  const { folded, origin } = foldWithOrigins(text);
  const marked = new Array<boolean>(folded.length).fill(false);
  // Positions of folded code points inside the folded string, to map regex matches back.
  const foldedText = folded.join('');
  const indexAt = new Map<number, number>();
  let position = 0;
  folded.forEach((piece, index) => {
    indexAt.set(position, index);
    position += piece.length;
  });
  for (const match of foldedText.matchAll(TOKEN)) {
    const first = indexAt.get(match.index);
    if (first === undefined) continue;
    const token = match[0];
    const length = Array.from(token).length;
    if (!HAN.test(token)) {
      if (words.has(token)) marked.fill(true, first, first + length);
      continue;
    }
    if (length === 1 && words.has(token)) marked[first] = true;
    for (let i = first; i < first + length; i++) {
      if (unigrams.has(folded[i]!)) marked[i] = true;
      if (i + 1 < first + length && words.has(folded[i]! + folded[i + 1]!)) marked[i] = marked[i + 1] = true;
    }
  }
  const matches: SnippetMatch[] = [];
  marked.forEach((isMarked, index) => {
    if (!isMarked) return;
    const range = origin[index]!;
    const last = matches.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else matches.push({ ...range });
  });
  return matches;
}

/** At most SNIPPET_LENGTH characters around the first match, with … where text was cut. */
export function excerpt(text: string, matches: readonly SnippetMatch[]): { text: string; matches: SnippetMatch[] } {
  if (text.length <= SNIPPET_LENGTH) return { text, matches: [...matches] };
  let start = Math.max(0, (matches[0]?.start ?? 0) - CONTEXT_BEFORE);
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  start = Math.max(0, end - SNIPPET_LENGTH);
  // Never split a surrogate pair.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start]!)) start--;
  if (end < text.length && /[\udc00-\udfff]/.test(text[end]!)) end++;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const shift = prefix.length - start;
  return {
    text: prefix + text.slice(start, end) + suffix,
    matches: matches
      .filter((match) => match.end > start && match.start < end)
      .map((match) => ({ start: Math.max(match.start, start) + shift, end: Math.min(match.end, end) + shift })),
  };
}

function fieldText(row: Record<string, unknown>, field: SnippetField, locale: Locale): string | null {
  const property = searchField(field);
  const value = SEARCH_FIELDS[property].localized ? row[`${property}${SUFFIX[locale]}`] : row[property];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * The snippet of a hit for a reader of `locale`: the first field, in the reader's locale if the
 * match can be shown there (else in the next one), that holds a matched term, with every
 * occurrence of the matched terms marked. Fields of the indexed column that matched come first.
 * Null when no stored text contains the terms (the index and the row disagree).
 */
export function snippetFor(hit: Pick<SearchHit, 'type' | 'row' | 'matched'>, locale: Locale): Snippet | null {
  const words = new Set([...hit.matched.title, ...hit.matched.body]);
  const unigrams = new Set(hit.matched.unigrams);
  const { title, body } = fieldsOf(hit.type);
  const fields = hit.matched.title.length === 0 && hit.matched.body.length > 0 ? [...body, ...title] : [...title, ...body];
  for (const candidate of FALLBACK[locale]) {
    for (const field of fields) {
      const text = fieldText(hit.row, field, candidate);
      if (!text) continue;
      const matches = locateTerms(text, words, unigrams);
      if (matches.length === 0) continue;
      return { field, locale: SEARCH_FIELDS[searchField(field)].localized ? candidate : null, ...excerpt(text, matches) };
    }
  }
  return null;
}

/** The snippet's text with each match between `open` and `close`, everything else HTML-escaped. */
export function markSnippet(snippet: Pick<Snippet, 'text' | 'matches'>, open: string, close: string): string {
  const escape = (text: string) =>
    text.replace(/[&<>"']/g, (character) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[character]};`);
  let result = '';
  let position = 0;
  for (const match of snippet.matches) {
    result += escape(snippet.text.slice(position, match.start)) + open + escape(snippet.text.slice(match.start, match.end)) + close;
    position = match.end;
  }
  return result + escape(snippet.text.slice(position));
}
