/** The operator's wrangler.toml, read by wrangler itself: logs kept, custom domains, a staging Worker. */
import { describe, expect, it } from 'vitest';
import { unstable_readConfig } from 'wrangler';

const read = (env?: string) => unstable_readConfig({ config: 'wrangler.toml', env }, { hideWarnings: true });

describe('wrangler.toml', () => {
  it('production keeps Workers Logs and answers on a custom domain (the Cache API needs one)', () => {
    const config = read();
    expect(config.observability).toMatchObject({ enabled: true });
    expect(config.routes).toEqual([expect.objectContaining({ custom_domain: true })]);
    expect(config.ratelimits).toEqual([expect.objectContaining({ name: 'RATE_LIMITER' })]);
  });

  it('staging is its own Worker with its own domain, rate-limit namespace and vars, and keeps logs', () => {
    const production = read();
    const staging = read('staging');
    expect(staging.name).not.toBe(production.name);
    expect(staging.observability).toMatchObject({ enabled: true });
    expect(staging.routes).toEqual([expect.objectContaining({ custom_domain: true })]);
    expect(JSON.stringify(staging.routes)).not.toBe(JSON.stringify(production.routes));
    expect(staging.ratelimits[0]!.namespace_id).not.toBe(production.ratelimits[0]!.namespace_id);
    expect(Object.keys(staging.vars).sort()).toEqual(Object.keys(production.vars).sort());
    expect(staging.assets).toEqual(production.assets);
  });
});
