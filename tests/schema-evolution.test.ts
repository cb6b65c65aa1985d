/**
 * Schema evolution: the current schema has no undeclared breaking change against the released one;
 * a deliberately breaking edit is caught (by the function and by `npm run schema:diff`), a
 * declared one passes, additions pass, and deprecations need a reason with a date.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkSchemaEvolution,
  CURRENT_SCHEMA_FILE,
  readDeclaredBreakingChanges,
  RELEASED_SCHEMA_FILE,
} from '../src/scripts/schema-diff';

const released = readFileSync(RELEASED_SCHEMA_FILE, 'utf8');
const current = readFileSync(CURRENT_SCHEMA_FILE, 'utf8');
const directory = mkdtempSync(join(tmpdir(), 'schema-diff-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Removes `Query.countries` (with its description) from an SDL text. */
function withoutCountries(sdl: string): string {
  const edited = sdl.replace(/\n {2}"""Every country named in the data, by code\."""\n {2}countries: \[Country!\]!\n/, '\n');
  expect(edited).not.toBe(sdl);
  return edited;
}

describe('schema evolution', () => {
  it('finds no undeclared breaking change in schema/schema.graphql', async () => {
    const report = await checkSchemaEvolution(released, current, readDeclaredBreakingChanges());
    expect(report.undeclared.map((change) => change.message)).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it('catches a removed field', async () => {
    const report = await checkSchemaEvolution(released, withoutCountries(released));
    expect(report.undeclared.map((change) => [change.type, change.path])).toEqual([['FIELD_REMOVED', 'Query.countries']]);
  });

  it('catches a field made nullable and an enum value removed', async () => {
    const edited = released
      .replace('  base: Institution!\n', '  base: Institution\n')
      .replace(/\n {2}"""[^"]*"""\n {2}DATE_ASC\n/, '\n');
    const report = await checkSchemaEvolution(released, edited);
    expect(report.undeclared.map((change) => change.path).sort()).toEqual(['CooperationRecordOrder.DATE_ASC', 'Query.base']);
  });

  it('lets a declared breaking change through, but only with a reason and a date', async () => {
    const declared = [{ path: 'Query.countries', type: 'FIELD_REMOVED', reason: 'Replaced by statistics.', date: '2026-11-28' }];
    const report = await checkSchemaEvolution(released, withoutCountries(released), declared);
    expect(report.breaking).toHaveLength(1);
    expect(report.undeclared).toEqual([]);
    expect(report.problems).toEqual([]);

    const undated = await checkSchemaEvolution(released, withoutCountries(released), [{ ...declared[0]!, date: '' }]);
    expect(undated.problems).toEqual(['The declared breaking change at Query.countries has no date (YYYY-MM-DD).']);
  });

  it('accepts additions', async () => {
    const added = released.replace(
      /^type Query \{\n/m,
      'type Query {\n  """The API version."""\n  ping: String\n\n',
    );
    const report = await checkSchemaEvolution(released, added);
    expect(report.changes.map((change) => [change.type, change.path])).toContainEqual(['FIELD_ADDED', 'Query.ping']);
    expect(report.breaking).toEqual([]);
  });

  it('requires a dated reason on deprecations', async () => {
    const deprecate = (reason: string) =>
      released.replace(
        'by code."""\n  countries: [Country!]!\n',
        `by code."""\n  countries: [Country!]! @deprecated(reason: "${reason}")\n`,
      );
    expect((await checkSchemaEvolution(released, deprecate('Use statistics.'))).problems).toEqual([
      'Query.countries is deprecated without a date (YYYY-MM-DD) in its reason.',
    ]);
    const dated = await checkSchemaEvolution(released, deprecate('Use statistics. Deprecated on 2026-11-28.'));
    expect(dated.problems).toEqual([]);
    expect(dated.breaking).toEqual([]);
  });

  it('makes `npm run schema:diff` fail on a breaking edit', async () => {
    const file = join(directory, 'edited.graphql');
    writeFileSync(file, withoutCountries(current));
    const run = promisify(execFile)('npx', ['tsx', 'src/scripts/schema-diff.ts', '--current', file]);
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('FIELD_REMOVED Query.countries') });
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'src/scripts/schema-diff.ts']);
    expect(stdout).toContain('change(s) since the released schema');
  });
});
