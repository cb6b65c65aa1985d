/** API keys: creation, storage as a hash, scopes, revocation, last use, and the command line. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { constantTimeEqual, createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from '../src/db/keys';
import { createTestApp, graphql, type TestApp } from './support/app';
import { mutate } from './support/writes';

const run = promisify(execFile);
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const input = (slug: string) => ({ slug, type: 'COMPANY', name: { en: slug, zhHans: '公司' } });

describe('keys', () => {
  it('are printed once and stored only as a hash', async () => {
    const { key, info } = await createApiKey(t.db, { name: 'hash-check', scopes: ['records:write'] });
    expect(key).toMatch(/^bpk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`bpk_${info.prefix}_`)).toBe(true);
    const rows = await t.db.all<Record<string, unknown>>(sql`SELECT * FROM api_keys WHERE name = 'hash-check'`);
    // The secret is everything after the prefix: base64url may itself contain `_`.
    const secret = key.slice(`bpk_${info.prefix}_`.length);
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuse duplicate names and unknown scopes', async () => {
    await createApiKey(t.db, { name: 'twice', scopes: ['admin'] });
    await expect(createApiKey(t.db, { name: 'twice', scopes: ['admin'] })).rejects.toThrow(/already exists/);
    await expect(createApiKey(t.db, { name: 'none', scopes: [] })).rejects.toThrow(/at least one scope/);
  });

  it('record when they were last used', async () => {
    const { key, info } = await createApiKey(t.db, { name: 'last-used', scopes: ['records:write'] });
    expect(info.lastUsedAt).toBeNull();
    const result = await mutate(t, 'create', 'Institution', 'institution', input('last-used-company'), { authorization: `Bearer ${key}` });
    expect(result.__typename).toBe('CreateInstitutionPayload');
    const listed = (await listApiKeys(t.db)).find((candidate) => candidate.name === 'last-used')!;
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('compare digests in constant time, whatever their content', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2]))).toBe(false);
  });
});

describe('writes are refused with a typed ForbiddenError', () => {
  let good = '';
  beforeAll(async () => {
    good = (await createApiKey(t.db, { name: 'good', scopes: ['records:write'] })).key;
  });

  it.each([
    ['no header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a malformed key', { authorization: 'Bearer not-a-key' }],
    ['a forged secret', { authorization: 'Bearer FORGED' }],
    ['an unknown prefix', { authorization: 'Bearer bpk_000000000000_' + 'A'.repeat(43) }],
    ['an oversized header', { authorization: `Bearer ${'x'.repeat(10_000)}` }],
  ])('with %s', async (_label, headers) => {
    const resolved = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, value === 'Bearer FORGED' ? `${good.slice(0, -4)}AAAA` : value]),
    );
    const result = await mutate(t, 'create', 'Institution', 'institution', input('forbidden-company'), resolved);
    expect(result).toMatchObject({ __typename: 'ForbiddenError', requiredScopes: ['records:write'], status: 200 });
    expect(result.message).toMatch(/Authorization: Bearer/);
  });

  it('with a revoked key, while reads with it stay public', async () => {
    const { key } = await createApiKey(t.db, { name: 'to-revoke', scopes: ['admin'] });
    const headers = { authorization: `Bearer ${key}` };
    expect((await mutate(t, 'create', 'Institution', 'institution', input('before-revoke'), headers)).__typename).toBe('CreateInstitutionPayload');
    expect(await revokeApiKey(t.db, 'to-revoke')).toBe(true);
    expect(await revokeApiKey(t.db, 'to-revoke')).toBe(false);
    expect(await verifyApiKey(t.db, key)).toBeNull();
    expect((await mutate(t, 'create', 'Institution', 'institution', input('after-revoke'), headers)).__typename).toBe('ForbiddenError');
    const read = await graphql(t.app, '{ institution(slug: "before-revoke") { slug } }', {}, headers);
    expect(read.data).toEqual({ institution: { slug: 'before-revoke' } });
  });

  it('with the wrong scope: restoring needs admin', async () => {
    const headers = { authorization: `Bearer ${good}` };
    const created = await mutate(t, 'create', 'Institution', 'institution', input('scope-company'), headers);
    const id = (created.institution as { id: string }).id;
    expect((await mutate(t, 'archive', 'Institution', 'institution', { id, version: 1 }, headers)).__typename).toBe('ArchiveInstitutionPayload');
    const restore = await mutate(t, 'restore', 'Institution', 'institution', { id, version: 2 }, headers);
    expect(restore).toMatchObject({ __typename: 'ForbiddenError', requiredScopes: ['admin'] });
    expect(restore.message).toMatch(/lacks the scope/);
  });
});

describe('npm run keys', () => {
  const cli = (args: string[]) =>
    run('npx', ['tsx', 'src/scripts/keys.ts', ...args], { env: { ...process.env, LIBSQL_URL: `file:${t.dbPath}` } });

  it('creates a working key, lists it and revokes it', { timeout: 90_000 }, async () => {
    const created = await cli(['create', '--name', 'cli-editor', '--scopes', 'records:write']);
    const key = /bpk_\S+/.exec(created.stdout)![0];
    const headers = { authorization: `Bearer ${key}` };
    expect((await mutate(t, 'create', 'Institution', 'institution', input('cli-company'), headers)).__typename).toBe('CreateInstitutionPayload');
    const listed = await cli(['list']);
    expect(listed.stdout).toMatch(/cli-editor\t[0-9a-f]{12}\trecords:write\tactive/);
    expect(listed.stdout).not.toContain(key);
    await cli(['revoke', 'cli-editor']);
    expect((await mutate(t, 'create', 'Institution', 'institution', input('cli-company-2'), headers)).__typename).toBe('ForbiddenError');
    await expect(cli(['create', '--name', 'bad', '--scopes', 'root'])).rejects.toThrow(/Unknown scope/);
  });
});
