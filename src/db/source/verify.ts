/**
 * Checks the seed catalogue against the repaired news report (and, when given, the
 * supplementary facts): citations point at real paragraphs and sources, names said to come from
 * the report stand in it, every figure of the report is carried by an entity that cites the
 * paragraph it stands in, and the fidelity rules hold (standard Traditional, inferences flagged
 * and explained, no unit without a level, no member list read as complete when no source gives
 * it, no figure cited to a photo caption, disagreements with a source on each side).
 * Names are compared in Simplified script: the report's Traditional was converted character by
 * character, while the catalogue writes Simplified and derives standard Traditional.
 * Pure functions over strings, so tests, scripts and the worker can use it.
 */
import { seedEntries } from '../seed/catalogue';
import { SEEDED_TYPES, subjectPrefix, type Facts, type FactCheck, type SeededType } from '../seed/seeder';
import { seederOf } from '../seed/seeders';
import type { SeedCatalogue, SeedCitation, SeedText } from '../seed/types';
import { findMisconversions, toSimplified, toTraditional } from '../text';

/**
 * How a name of an entity that cites the report relates to the report's wording, where it is not
 * the literal text: `articleForm` is the report's own wording that must stand in a cited
 * paragraph (a short form, or the phrase a descriptive title stands for); `notInArticle` gives the
 * reason the name comes from elsewhere (e.g. only from a supplementary source).
 */
export type ArticleNameException = { articleForm: string } | { notInArticle: string };

export type VerificationCheck = 'citations' | 'references' | 'sources' | 'names' | 'numbers' | 'fidelity';

export interface VerificationIssue {
  check: VerificationCheck;
  subject: string;
  message: string;
}

export interface NameCheck {
  subject: string;
  name: string;
  /** The text looked up in the report. */
  form: string;
  /** Cited paragraphs that contain it. */
  foundIn: number[];
}

export type NumberKind = 'date' | 'percent' | 'amount' | 'range' | 'year' | 'count';

export interface NumberCheck {
  paragraph: number;
  text: string;
  kind: NumberKind;
  /** Entity fields citing the paragraph that carry the figure. */
  representedBy: string[];
}

export interface VerificationReport {
  ok: boolean;
  paragraphCount: number;
  citationCount: number;
  names: NameCheck[];
  numbers: NumberCheck[];
  /** Citations flagged INFERRED, with their subjects. */
  inferences: { subject: string; note: string }[];
  issues: VerificationIssue[];
}

export interface VerificationInput {
  /** Paragraphs of the repaired report; paragraph 1 is the headline. */
  paragraphs: readonly string[];
  catalogue: SeedCatalogue;
  /** Keyed by subject, e.g. "institution:cass". */
  nameExceptions?: Readonly<Record<string, ArticleNameException>>;
  /** Text of shared/source/supplementary.md, to check the sources' line numbers and URLs. */
  supplementary?: string;
}

/** What an entity asserts, flattened so the checks can treat all kinds alike. */
interface Subject {
  id: string;
  citations: SeedCitation[];
  /** A name the report may be expected to contain; plan targets and indicators have none. */
  name?: SeedText;
  /** Dates (ISO, possibly truncated) and the field they come from. */
  dates: { field: string; value: string }[];
  years: { field: string; value: number }[];
  /** Quantities; `percent` marks year-on-year changes and percentage values. */
  figures: { field: string; value: number; percent: boolean }[];
  ranges: { field: string; min: number; max: number }[];
  /** Slugs it names, with what they must be. */
  references: { what: string; slug: string; to: SeededType | 'Country' }[];
  /** Rules of its own kind it breaks. */
  problems: { check: FactCheck; message: string }[];
}

const ISO_DATE = /^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$/u;

/** Every entry of every seeded entity as a subject, with what its seeder reports it asserts. */
function subjectsOf(catalogue: SeedCatalogue): Subject[] {
  return SEEDED_TYPES.flatMap((type) => {
    const seeder = seederOf(type);
    const prefix = subjectPrefix(type, seeder);
    return seedEntries(catalogue, type).map((item) => {
      const entry = item as unknown as Record<string, unknown>;
      const name = seeder.name ? (entry[seeder.name] as SeedText | undefined) : undefined;
      const subject: Subject = {
        id: `${prefix}:${item.slug}`,
        citations: item.citations,
        ...(name ? { name } : {}),
        dates: [],
        years: [],
        figures: [],
        ranges: [],
        references: Object.entries(seeder.references ?? {}).flatMap(([property, reference]) =>
          entry[property] === undefined ? [] : [{ what: reference.what, slug: String(entry[property]), to: reference.to }],
        ),
        problems: [],
      };
      seeder.facts?.(item, factsOf(subject));
      return subject;
    });
  });
}

function factsOf(subject: Subject): Facts {
  const year = (field: string, value: number | undefined) => {
    if (value !== undefined) subject.years.push({ field, value });
  };
  return {
    date: (field, value) => {
      if (value === undefined) return;
      subject.dates.push({ field, value });
      year(field, Number(value.slice(0, 4)));
    },
    year,
    figure: (field, value, percent = false) => {
      if (value !== undefined) subject.figures.push({ field, value, percent });
    },
    range: (field, min, max) => subject.ranges.push({ field, min, max }),
    reference: (what, slug, to) => subject.references.push({ what, slug, to }),
    problem: (check, message) => subject.problems.push({ check, message }),
  };
}

function articleParagraphsCited(subject: Subject): number[] {
  return subject.citations.flatMap((citation) => ('article' in citation ? [citation.article] : []));
}

const sameNumber = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function checkCitations(input: VerificationInput, subjects: Subject[], issues: VerificationIssue[]): number {
  const sourceSlugs = new Set(input.catalogue.sources.map((source) => source.slug));
  let count = 0;
  for (const subject of subjects) {
    if (subject.citations.length === 0) {
      issues.push({ check: 'citations', subject: subject.id, message: 'has no citation' });
    }
    for (const citation of subject.citations) {
      count += 1;
      if ('article' in citation) {
        const n = citation.article;
        if (!Number.isInteger(n) || n < 1 || n > input.paragraphs.length) {
          issues.push({
            check: 'citations',
            subject: subject.id,
            message: `cites paragraph ${n}; the report has paragraphs 1–${input.paragraphs.length}`,
          });
        }
      } else if (!sourceSlugs.has(citation.source)) {
        issues.push({ check: 'citations', subject: subject.id, message: `cites unknown source "${citation.source}"` });
      }
    }
  }
  return count;
}

function checkReferences(catalogue: SeedCatalogue, subjects: Subject[], issues: VerificationIssue[]): void {
  const report = (subject: string, message: string) => issues.push({ check: 'references', subject, message });
  const slugSet = <T extends { slug: string }>(kind: string, items: readonly T[]): Set<string> => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.slug)) report(`${kind}:${item.slug}`, 'duplicate slug');
      if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/u.test(item.slug)) report(`${kind}:${item.slug}`, 'slug is not kebab-case');
      seen.add(item.slug);
    }
    return seen;
  };
  slugSet('source', catalogue.sources);
  const known = new Map<SeededType | 'Country', Set<string>>(
    SEEDED_TYPES.map((type) => [type, slugSet(subjectPrefix(type, seederOf(type)), seedEntries(catalogue, type))]),
  );
  known.set('Country', new Set(catalogue.countries.map((country) => country.code)));

  for (const subject of subjects) {
    for (const { what, slug, to } of subject.references) {
      if (!known.get(to)?.has(slug)) report(subject.id, `unknown ${what} "${slug}"`);
    }
    for (const problem of subject.problems) if (problem.check === 'references') report(subject.id, problem.message);
    for (const { field, value } of subject.dates) {
      if (!ISO_DATE.test(value)) report(subject.id, `${field} "${value}" is not an ISO date`);
    }
  }
}

function checkSources(input: VerificationInput, subjects: Subject[], issues: VerificationIssue[]): void {
  const report = (subject: string, message: string) => issues.push({ check: 'sources', subject, message });
  const { sources } = input.catalogue;
  const news = sources.filter((source) => source.kind === 'NEWS_REPORT');
  if (news.length !== 1) report('sources', `expected one NEWS_REPORT source, found ${news.length}`);
  for (const source of news) {
    if (source.title.zhHans !== toSimplified(input.paragraphs[0] ?? '')) {
      report(`source:${source.slug}`, 'title is not the headline (paragraph 1) of the report');
    }
  }

  const cited = new Set(
    subjects.flatMap((subject) => subject.citations.flatMap((c) => ('source' in c ? [c.source] : []))),
  );
  const supplementaryLines = input.supplementary?.split(/\r\n|\r|\n/u);
  const linesUsed = new Map<number, string>();
  for (const source of sources.filter((s) => s.kind === 'SUPPLEMENTARY_FACT')) {
    const id = `source:${source.slug}`;
    if (!cited.has(source.slug)) report(id, 'is cited by no entity');
    if (source.line === undefined || source.url === undefined) {
      report(id, 'a supplementary fact needs its line and url');
      continue;
    }
    const previous = linesUsed.get(source.line);
    if (previous !== undefined) report(id, `shares line ${source.line} with source:${previous}`);
    linesUsed.set(source.line, source.slug);
    if (supplementaryLines) {
      const line = supplementaryLines[source.line - 1] ?? '';
      if (!isFactRow(line)) report(id, `line ${source.line} is not a fact row of supplementary.md`);
      else if (!line.includes(source.url)) report(id, `line ${source.line} does not carry ${source.url}`);
    }
  }
  supplementaryLines?.forEach((line, index) => {
    if (isFactRow(line) && !linesUsed.has(index + 1)) {
      report('sources', `supplementary.md line ${index + 1} has no source`);
    }
  });
}

/** A table row of supplementary.md that states a fact (not the header or the separator). */
function isFactRow(line: string): boolean {
  return /^\|.*\|\s*$/u.test(line) && !/^\|\s*-+\s*\|/u.test(line) && !/^\|\s*fact\s*\|/iu.test(line);
}

function checkNames(input: VerificationInput, subjects: Subject[], issues: VerificationIssue[]): NameCheck[] {
  const exceptions = input.nameExceptions ?? {};
  const simplified = input.paragraphs.map((paragraph) => toSimplified(paragraph));
  const checks: NameCheck[] = [];
  const used = new Set<string>();
  for (const subject of subjects) {
    const cited = articleParagraphsCited(subject);
    if (!subject.name || cited.length === 0) continue;
    const exception = exceptions[subject.id];
    if (exception) used.add(subject.id);
    if (exception && 'notInArticle' in exception) continue;
    const form = exception ? exception.articleForm : subject.name.zhHans;
    const foundIn = cited.filter((n) => simplified[n - 1]?.includes(form) ?? false);
    checks.push({ subject: subject.id, name: subject.name.zhHans, form, foundIn });
    if (foundIn.length === 0) {
      issues.push({
        check: 'names',
        subject: subject.id,
        message: `"${form}" stands in none of the cited paragraphs ${cited.join(', ')}`,
      });
    } else if (exception && simplified.some((p) => p.includes(subject.name?.zhHans ?? ''))) {
      issues.push({ check: 'names', subject: subject.id, message: 'name stands literally in the report; drop the exception' });
    }
  }
  for (const id of Object.keys(exceptions)) {
    if (!used.has(id)) {
      issues.push({ check: 'names', subject: id, message: 'name exception for no entity that cites the report' });
    }
  }
  return checks;
}

const CHINESE_MAGNITUDE: Readonly<Record<string, number>> = { 萬: 1e4, 億: 1e8 };

/**
 * Figures in running text. Alternatives are ordered so that a date, a percentage, an amount with
 * a Chinese magnitude or a range is taken whole before its digits could count as a bare number.
 */
const FIGURE =
  /(?<month>\d{1,2})月(?<day>\d{1,2})日(?:至(?:(?<month2>\d{1,2})月)?(?<day2>\d{1,2})日)?|(?<percent>\d+(?:\.\d+)?)[%％]|(?<amount>\d+(?:\.\d+)?)(?<magnitude>[萬億])|(?<from>\d+)[-–~～至](?<to>\d+)|(?<number>\d+(?:\.\d+)?)/gu;

function checkNumbers(input: VerificationInput, subjects: Subject[], issues: VerificationIssue[]): NumberCheck[] {
  const checks: NumberCheck[] = [];
  input.paragraphs.forEach((paragraph, index) => {
    const n = index + 1;
    const citing = subjects.filter((subject) => articleParagraphsCited(subject).includes(n));
    for (const match of paragraph.matchAll(FIGURE)) {
      const g = match.groups ?? {};
      const found: string[] = [];
      const collect = (subject: Subject, field: string) => found.push(`${subject.id}.${field}`);
      let kind: NumberKind;

      if (g.month !== undefined && g.day !== undefined) {
        kind = 'date';
        const wanted = [`-${g.month.padStart(2, '0')}-${g.day.padStart(2, '0')}`];
        if (g.day2 !== undefined) {
          wanted.push(`-${(g.month2 ?? g.month).padStart(2, '0')}-${g.day2.padStart(2, '0')}`);
        }
        for (const subject of citing) {
          const hits = subject.dates.filter((d) => wanted.some((w) => d.value.endsWith(w)));
          if (new Set(hits.map((d) => d.value.slice(4))).size === wanted.length) {
            hits.forEach((d) => collect(subject, d.field));
          }
        }
      } else if (g.percent !== undefined) {
        kind = 'percent';
        const value = Number(g.percent);
        for (const subject of citing) {
          subject.figures.filter((f) => f.percent && sameNumber(f.value, value)).forEach((f) => collect(subject, f.field));
        }
      } else if (g.amount !== undefined && g.magnitude !== undefined) {
        kind = 'amount';
        const value = Number(g.amount) * (CHINESE_MAGNITUDE[g.magnitude] ?? 1);
        for (const subject of citing) {
          subject.figures.filter((f) => !f.percent && sameNumber(f.value, value)).forEach((f) => collect(subject, f.field));
        }
      } else if (g.from !== undefined && g.to !== undefined) {
        kind = 'range';
        const [min, max] = [Number(g.from), Number(g.to)];
        for (const subject of citing) {
          subject.ranges.filter((r) => r.min === min && r.max === max).forEach((r) => collect(subject, r.field));
        }
      } else {
        const value = Number(g.number);
        kind = Number.isInteger(value) && value >= 1900 && value <= 2100 ? 'year' : 'count';
        for (const subject of citing) {
          if (kind === 'year') subject.years.filter((y) => y.value === value).forEach((y) => collect(subject, y.field));
          subject.figures.filter((f) => !f.percent && sameNumber(f.value, value)).forEach((f) => collect(subject, f.field));
        }
      }

      const representedBy = [...new Set(found)];
      checks.push({ paragraph: n, text: match[0], kind, representedBy });
      if (representedBy.length === 0) {
        issues.push({
          check: 'numbers',
          subject: `paragraph ${n}`,
          message: `${kind} "${match[0]}" is carried by no entity citing this paragraph`,
        });
      }
    }
  });
  return checks;
}

/** Every Chinese text of the catalogue with where it stands. */
function seedTexts(value: unknown, path: string): { path: string; text: SeedText }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => seedTexts(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  if (typeof record['zhHans'] === 'string' && typeof record['en'] === 'string') {
    return [{ path, text: record as unknown as SeedText }];
  }
  return Object.entries(record).flatMap(([key, item]) => seedTexts(item, `${path}.${key}`));
}

function checkFidelity(input: VerificationInput, subjects: Subject[], issues: VerificationIssue[]) {
  const report = (subject: string, message: string) => issues.push({ check: 'fidelity', subject, message });
  const { catalogue } = input;

  // Chinese is written in Simplified and its Traditional derived: both must come out standard.
  for (const { path, text } of seedTexts(catalogue, '$')) {
    if (toSimplified(text.zhHans) !== text.zhHans) report(path, `zhHans is not Simplified: ${JSON.stringify(text.zhHans)}`);
    for (const problem of findMisconversions(toTraditional(text.zhHans))) report(path, `derived zh-Hant has ${problem}`);
  }

  // Inferences say so, and explain themselves; sourced claims carry no note.
  const inferences: { subject: string; note: string }[] = [];
  const allCitations = [
    ...subjects.map((subject) => ({ id: subject.id, citations: subject.citations })),
    ...catalogue.disagreements.map((item) => ({
      id: `disagreement:${item.slug}`,
      citations: item.claims.map((claim) => claim.citation),
    })),
  ];
  for (const { id, citations } of allCitations) {
    for (const citation of citations) {
      if (citation.basis === 'INFERRED') {
        if (!citation.note?.zhHans.trim() || !citation.note.en.trim()) report(id, 'an INFERRED citation needs a note in Chinese and English');
        else inferences.push({ subject: id, note: citation.note.en });
      } else if (citation.note !== undefined) {
        report(id, 'only an INFERRED citation carries a note');
      }
    }
  }

  // Each entity's own rules (seeders/): e.g. no unit without a level, no membership read as complete.
  for (const subject of subjects) {
    for (const problem of subject.problems) if (problem.check === 'fidelity') report(subject.id, problem.message);
  }

  // A photo caption states what the photo shows, never a figure.
  const captions = new Set(catalogue.photos.map((photo) => photo.paragraph));
  for (const indicator of catalogue.indicators) {
    for (const citation of indicator.citations) {
      if ('article' in citation && captions.has(citation.article)) {
        report(`indicator:${indicator.slug}`, `cites paragraph ${citation.article}, a photo caption, for a figure`);
      }
    }
  }

  const records = new Set(catalogue.records.map((item) => item.slug));
  const indicators = new Set(catalogue.indicators.map((item) => item.slug));
  for (const item of catalogue.disagreements) {
    const id = `disagreement:${item.slug}`;
    if (item.claims.length < 2) report(id, 'a disagreement needs at least two claims');
    const sources = new Set(item.claims.map((claim) => ('article' in claim.citation ? 'article' : claim.citation.source)));
    if (sources.size < 2) report(id, 'the claims of a disagreement must come from different sources');
    if (!item.record && !item.indicator) report(id, 'belongs to no record or indicator');
    if (item.record && !records.has(item.record)) report(id, `unknown record "${item.record}"`);
    if (item.indicator && !indicators.has(item.indicator)) report(id, `unknown indicator "${item.indicator}"`);
  }
  return inferences;
}

/** Verifies the catalogue against the repaired report; `ok` is true when no issue was found. */
export function verifyCatalogue(input: VerificationInput): VerificationReport {
  const issues: VerificationIssue[] = [];
  const subjects = subjectsOf(input.catalogue);
  const citationCount = checkCitations(input, subjects, issues);
  checkReferences(input.catalogue, subjects, issues);
  checkSources(input, subjects, issues);
  const names = checkNames(input, subjects, issues);
  const numbers = checkNumbers(input, subjects, issues);
  const inferences = checkFidelity(input, subjects, issues);
  return {
    ok: issues.length === 0,
    paragraphCount: input.paragraphs.length,
    citationCount,
    names,
    numbers,
    inferences,
    issues,
  };
}
