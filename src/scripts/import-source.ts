/**
 * Repairs the news report, prints its numbered paragraphs and verifies the seed catalogue
 * against it. Also shows what standard Traditional changes in the report (its Traditional was
 * converted character by character) and lists every claim the catalogue flags as inferred.
 * Exits non-zero when damage remains or verification fails.
 *
 *   npm run import:source            # reads ../shared/source next to the repo
 *   SOURCE_DIR=/path/to/source npm run import:source
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configOrExit, readSourceConfig } from '../config';
import { articleNameExceptions, catalogue } from '../db/seed/catalogue';
import { articleParagraphs, findDamage, repairArticleDetailed } from '../db/source/repair';
import { ARTICLE_FILE, missingSource, sourceDirectory, SUPPLEMENTARY_FILE } from '../db/source/location';
import { verifyCatalogue } from '../db/source/verify';
import { findMisconversions, standardTraditional } from '../db/text';

const sourceDir = sourceDirectory(configOrExit(readSourceConfig).SOURCE_DIR);
const missing = missingSource(sourceDir);
if (missing) {
  console.error(missing);
  process.exit(1);
}

const raw = readFileSync(resolve(sourceDir, ARTICLE_FILE), 'utf8');
const supplementary = readFileSync(resolve(sourceDir, SUPPLEMENTARY_FILE), 'utf8');

const repair = repairArticleDetailed(raw);
const paragraphs = articleParagraphs(repair.text);
const characters = new Set(repair.pinyin.map((entry) => entry.character));

console.log(`Source: ${resolve(sourceDir, ARTICLE_FILE)}`);
console.log('\nRepairs');
console.log(`  pinyin readings removed: ${repair.pinyin.length} on ${characters.size} characters (${[...characters].join('')})`);
for (const { corrupt, clean } of repair.mojibake) console.log(`  mojibake: ${JSON.stringify(corrupt)} -> ${JSON.stringify(clean)}`);
for (const tag of repair.tags) console.log(`  tag removed: ${JSON.stringify(tag)}`);

const damage = findDamage(repair.text);
console.log(`  damage left: ${damage.length === 0 ? 'none' : damage.length}`);
for (const entry of damage) console.log(`    ${entry}`);

// The report's Traditional came from a character-by-character converter; the data derives
// standard Traditional from Simplified instead. Show what that changes, character by character.
const standard = standardTraditional(repair.text);
const before = Array.from(repair.text);
const after = Array.from(standard);
const changes = new Map<string, number>();
if (before.length === after.length) {
  before.forEach((character, index) => {
    if (character !== after[index]) changes.set(`${character}→${after[index]}`, (changes.get(`${character}→${after[index]}`) ?? 0) + 1);
  });
}
console.log('\nStandard Traditional (the data derives it from Simplified; the report is shown as received)');
console.log(`  known mis-conversions in the report: ${findMisconversions(repair.text).length}, after standardising: ${findMisconversions(standard).length}`);
console.log(`  characters that differ: ${[...changes].map(([change, n]) => `${change} ×${n}`).join(', ') || 'none'}`);
const standardOk = findMisconversions(standard).length === 0 && before.length === after.length;

console.log(`\nParagraphs (${paragraphs.length})`);
const width = String(paragraphs.length).length;
paragraphs.forEach((paragraph, index) => console.log(`  ${String(index + 1).padStart(width)}  ${paragraph}`));

const report = verifyCatalogue({ paragraphs, catalogue, nameExceptions: articleNameExceptions, supplementary });

console.log(`\nVerification`);
console.log(`  citations checked: ${report.citationCount}`);
console.log(`  names found in the report: ${report.names.filter((n) => n.foundIn.length > 0).length}/${report.names.length}`);
for (const name of report.names) {
  const via = name.form === name.name ? '' : ` (as ${name.form})`;
  const where = name.foundIn.length > 0 ? `¶${name.foundIn.join(', ¶')}` : 'NOT FOUND';
  console.log(`    ${name.subject}: ${name.name}${via} — ${where}`);
}
const represented = report.numbers.filter((n) => n.representedBy.length > 0).length;
console.log(`  figures of the report carried by the catalogue: ${represented}/${report.numbers.length}`);
for (const figure of report.numbers) {
  const by = figure.representedBy.length > 0 ? figure.representedBy.join(', ') : 'MISSING';
  console.log(`    ¶${figure.paragraph} ${figure.kind} ${figure.text} — ${by}`);
}

console.log(`  claims flagged as inferred: ${report.inferences.length}`);
for (const inference of report.inferences) console.log(`    ${inference.subject}: ${inference.note}`);

if (report.issues.length > 0) {
  console.log(`\n${report.issues.length} issue(s):`);
  for (const issue of report.issues) console.log(`  [${issue.check}] ${issue.subject}: ${issue.message}`);
}
const ok = report.ok && damage.length === 0 && standardOk;
console.log(`\n${ok ? 'OK' : 'FAILED'}`);
process.exitCode = ok ? 0 : 1;
