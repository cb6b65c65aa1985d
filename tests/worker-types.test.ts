/**
 * The Worker's `Env` and runtime types (worker-configuration.d.ts) are generated from wrangler.toml
 * by `npm run types`; this fails when the committed file no longer matches the configuration.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const checkTypes = (...config: string[]) =>
  promisify(execFile)('node_modules/.bin/wrangler', ['types', '--strict-vars=false', '--check', ...config], {
    env: { ...process.env, NO_COLOR: '1', WRANGLER_SEND_METRICS: 'false' },
  });

describe('Worker types', () => {
  it('worker-configuration.d.ts is current with wrangler.toml', async () => {
    const { stdout } = await checkTypes();
    expect(stdout).toContain('up to date');
  });

  it('the check fails once wrangler.toml declares a binding the file lacks', async () => {
    // Beside wrangler.toml: the check compares paths too, so a copy elsewhere is never current.
    const copy = `wrangler.types-check-${process.pid}.toml`;
    try {
      const original = readFileSync('wrangler.toml', 'utf8');
      writeFileSync(copy, original);
      await expect(checkTypes('--config', copy)).resolves.toMatchObject({ stdout: expect.stringContaining('up to date') });
      const changed = original.replace('[vars]\n', '[vars]\nANOTHER_SETTING = "1"\n');
      expect(changed).toContain('ANOTHER_SETTING');
      writeFileSync(copy, changed);
      await expect(checkTypes('--config', copy)).rejects.toMatchObject({ stderr: expect.stringContaining('out of date') });
    } finally {
      rmSync(copy, { force: true });
    }
  });
});
