/**
 * Locale negotiation from Accept-Language: pure functions, shared by the context factory, the
 * response cache key and the schema's locale arguments.
 */
import type { Locale } from './db/enums';

const LANGUAGE_TAG = /^([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?/i;

/** Maps one BCP 47 tag to a locale, or null when the API does not serve that language. */
export function localeFromTag(tag: string): Locale | null {
  const match = LANGUAGE_TAG.exec(tag.trim());
  if (!match) return null;
  const language = match[1]!.toLowerCase();
  const script = match[2]?.toLowerCase();
  const region = match[3]?.toUpperCase();
  if (language === 'en') return 'EN';
  if (language !== 'zh') return null;
  if (script === 'hant') return 'ZH_HANT';
  if (script === 'hans') return 'ZH_HANS';
  return region === 'TW' || region === 'HK' || region === 'MO' ? 'ZH_HANT' : 'ZH_HANS';
}

/** Picks the best served locale from an Accept-Language header, honouring q-values. */
export function negotiateLocale(header: string | null | undefined, fallback: Locale = 'EN'): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag.length > 0 && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const entry of ranked) {
    const locale = localeFromTag(entry.tag);
    if (locale) return locale;
  }
  return fallback;
}
