/**
 * Schema lint with graphql-eslint (rules in eslint.config.js): descriptions everywhere, naming
 * conventions, the Relay connection shape, deprecations with a reason (schema-diff checks their date).
 */
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const SCHEMA = 'schema/schema.graphql';
const eslint = new ESLint({ overrideConfigFile: 'eslint.config.js' });

const problems = (results: ESLint.LintResult[]) =>
  results.flatMap((result) => result.messages.map((m) => `${m.line}:${m.column} ${m.ruleId ?? ''} ${m.message}`));

describe('schema lint', () => {
  it('passes on schema/schema.graphql', async () => {
    const results = await eslint.lintFiles([SCHEMA]);
    expect(results).toHaveLength(1);
    expect(problems(results)).toEqual([]);
  });

  it('applies the Relay and description rules', async () => {
    const config = (await eslint.calculateConfigForFile(SCHEMA)) as { rules: Record<string, unknown> };
    for (const rule of [
      'require-description',
      'naming-convention',
      'relay-connection-types',
      'relay-edge-types',
      'relay-page-info',
      'relay-arguments',
      'no-typename-prefix',
      'strict-id-in-types',
      'require-deprecation-reason',
    ]) {
      expect(config.rules, rule).toHaveProperty(`@graphql-eslint/${rule}`);
    }
  });

  it('fails on an undocumented field, a badly named one and a deprecation without a reason', async () => {
    const schema = readFileSync(SCHEMA, 'utf8');
    const broken = schema.replace(
      /^type Query \{\n/m,
      'type Query {\n  Undocumented_field: String\n\n  """Old."""\n  oldField: String @deprecated\n\n',
    );
    expect(broken).not.toBe(schema);
    const messages = problems(await eslint.lintText(broken, { filePath: SCHEMA }));
    expect(messages.some((m) => m.includes('require-description') && m.includes('Undocumented_field'))).toBe(true);
    expect(messages.some((m) => m.includes('naming-convention') && m.includes('Undocumented_field'))).toBe(true);
    expect(messages.some((m) => m.includes('require-deprecation-reason') && m.includes('oldField'))).toBe(true);
  });
});
