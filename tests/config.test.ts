/**
 * Every environment variable goes through the zod config (src/config.ts): defaults, parsing, and
 * one message naming each invalid variable, which the Node programs print as one line at start-up.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, localEndpoint, readConfig, readDatabaseServerConfig, readNodeConfig, readSourceConfig } from '../src/config';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs a Node program of the project to its end; resolves to its exit code and output. */
function run(file: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('configuration', () => {
  it('gives the Node server its port: PORT, else 4000', () => {
    expect(readNodeConfig({}).PORT).toBe(4000);
    expect(readNodeConfig({ PORT: '' }).PORT).toBe(4000);
    expect(readNodeConfig({ PORT: '0' }).PORT).toBe(0);
    expect(readNodeConfig({ PORT: '5000' }).PORT).toBe(5000);
    expect(localEndpoint({ PORT: '5000' })).toBe('http://localhost:5000/graphql');
    expect(localEndpoint({})).toBe('http://localhost:4000/graphql');
  });

  it('gives the local database server its file, port and interface', () => {
    expect(readDatabaseServerConfig({})).toEqual({ DB_FILE: 'data/brics.db', DB_PORT: 8080, DB_HOST: '127.0.0.1' });
    expect(readDatabaseServerConfig({ DB_FILE: 'x.db', DB_PORT: '9000', DB_HOST: '0.0.0.0' })).toEqual({ DB_FILE: 'x.db', DB_PORT: 9000, DB_HOST: '0.0.0.0' });
    expect(() => readDatabaseServerConfig({ DB_PORT: '80a' })).toThrow(/DB_PORT: must be a port number/);
  });

  it('reads SOURCE_DIR', () => {
    expect(readSourceConfig({ SOURCE_DIR: '/srv/source' }).SOURCE_DIR).toBe('/srv/source');
    expect(readSourceConfig({}).SOURCE_DIR).toBeUndefined();
  });

  it('names every invalid variable in one ConfigError', () => {
    let error: unknown;
    try {
      readNodeConfig({ PORT: '70000', DATABASE_TIMEOUT_MS: 'soon', GRAPHQL_TRACE: 'yes' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/^Invalid configuration: /);
    expect(message).toContain('PORT: must be a port number from 0 to 65535');
    expect(message).toContain('DATABASE_TIMEOUT_MS: must be a whole number of milliseconds');
    expect(message).toContain('GRAPHQL_TRACE');
    expect(message).not.toContain('\n');
    // The settings both entries share ignore the Node-only port.
    expect(() => readConfig({ PORT: 'x' })).not.toThrow();
  });

  it('the Node server refuses to start on an invalid variable, with one readable line', async () => {
    const { code, stdout, stderr } = await run('src/node.ts', { PORT: 'eighty', LIBSQL_URL: 'file::memory:' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'error',
      message: 'cannot start: invalid configuration',
      reason: 'Invalid configuration: PORT: must be a port number from 0 to 65535',
    });
  }, 60_000);

  it('so do the scripts', async () => {
    const { code, stdout, stderr } = await run('src/scripts/migrate.ts', { DATABASE_TIMEOUT_MS: '5' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('Invalid configuration: DATABASE_TIMEOUT_MS: must be at least 100 ms');
  }, 60_000);
});
