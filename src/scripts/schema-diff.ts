/**
 * Breaking-change check: compares schema/schema.graphql with the last released schema
 * (schema/released.graphql) using graphql-inspector. Fails on a breaking change unless it is
 * declared in schema/breaking-changes.json, and on a deprecation whose reason has no date.
 *
 *   npm run schema:diff [-- --current other.graphql] [-- --list]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
export const RELEASED_SCHEMA_FILE = root('schema/released.graphql');
export const CURRENT_SCHEMA_FILE = root('schema/schema.graphql');
export const DECLARED_BREAKING_CHANGES_FILE = root('schema/breaking-changes.json');

export interface DeclaredBreakingChange {
  /** Where the change is, as graphql-inspector reports it, e.g. `Query.records` or `RecordKind.EVENT`. */
  path: string;
  /** graphql-inspector's change type, e.g. `FIELD_REMOVED`; any type at that path when left out. */
  type?: string;
  reason: string;
  /** When it was decided, YYYY-MM-DD. */
  date: string;
}

export interface SchemaEvolutionReport {
  changes: Change[];
  breaking: Change[];
  /** Breaking changes that schema/breaking-changes.json does not declare: these fail the check. */
  undeclared: Change[];
  dangerous: Change[];
  /** Problems with deprecations (no reason, or no date in the reason) and with declarations. */
  problems: string[];
}

/** A deprecation's reason must say when, e.g. "Use `title`. Deprecated on 2026-11-28." */
const DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const DEFAULT_REASON = 'No longer supported';

function deprecationProblems(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const check = (path: string, reason: string | null | undefined) => {
    if (reason === undefined || reason === null) return;
    if (reason.trim() === '' || reason === DEFAULT_REASON) problems.push(`${path} is deprecated without a reason.`);
    else if (!DATE.test(reason)) problems.push(`${path} is deprecated without a date (YYYY-MM-DD) in its reason.`);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(`${type.name}.${field.name}`, field.deprecationReason);
        for (const arg of field.args) check(`${type.name}.${field.name}(${arg.name})`, arg.deprecationReason);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(`${type.name}.${field.name}`, field.deprecationReason);
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.deprecationReason);
    }
  }
  return problems;
}

const matches = (change: Change, declared: DeclaredBreakingChange) =>
  change.path === declared.path && (declared.type === undefined || declared.type === change.type);

export async function checkSchemaEvolution(
  releasedSdl: string,
  currentSdl: string,
  declared: readonly DeclaredBreakingChange[] = [],
): Promise<SchemaEvolutionReport> {
  const current = buildSchema(currentSdl);
  const changes = await diff(buildSchema(releasedSdl), current);
  const breaking = changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking);
  const problems = deprecationProblems(current);
  for (const entry of declared) {
    if (!entry.reason?.trim()) problems.push(`The declared breaking change at ${entry.path} has no reason.`);
    if (!DATE.test(entry.date ?? '')) problems.push(`The declared breaking change at ${entry.path} has no date (YYYY-MM-DD).`);
  }
  return {
    changes,
    breaking,
    undeclared: breaking.filter((change) => !declared.some((entry) => matches(change, entry))),
    dangerous: changes.filter((change) => change.criticality.level === CriticalityLevel.Dangerous),
    problems,
  };
}

export function readDeclaredBreakingChanges(file = DECLARED_BREAKING_CHANGES_FILE): DeclaredBreakingChange[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { declared?: DeclaredBreakingChange[] };
  return parsed.declared ?? [];
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--current');
  const currentFile = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]!) : CURRENT_SCHEMA_FILE;
  const report = await checkSchemaEvolution(
    readFileSync(RELEASED_SCHEMA_FILE, 'utf8'),
    readFileSync(currentFile, 'utf8'),
    readDeclaredBreakingChanges(),
  );
  const line = (change: Change) => `  ${change.type} ${change.path ?? ''}: ${change.message}`;
  const safe = report.changes.length - report.breaking.length - report.dangerous.length;
  console.log(`${report.changes.length} change(s) since the released schema: ${safe} safe, ${report.dangerous.length} dangerous, ${report.breaking.length} breaking.`);
  // --list prints every change, e.g. to write schema/CHANGELOG.md.
  if (process.argv.includes('--list')) console.log(report.changes.map(line).join('\n'));
  if (report.dangerous.length) console.log(`Dangerous (check clients):\n${report.dangerous.map(line).join('\n')}`);
  const declared = report.breaking.filter((change) => !report.undeclared.includes(change));
  if (declared.length) console.log(`Breaking, declared in schema/breaking-changes.json:\n${declared.map(line).join('\n')}`);
  if (report.undeclared.length) {
    console.error(`Breaking and NOT declared (add to schema/breaking-changes.json with a reason, or undo):\n${report.undeclared.map(line).join('\n')}`);
  }
  for (const problem of report.problems) console.error(problem);
  if (report.undeclared.length || report.problems.length) process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
