import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from '../index';

/**
 * Browsers' cross-site requests must be preflighted (a JSON content type or a custom header), so a
 * page elsewhere cannot make a visitor's browser send an operation. Other clients send no
 * `Sec-Fetch-Site`/`Origin` and are not affected.
 */
export function useBrowserCSRFPrevention(): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] });
  return {
    onRequestParse(payload) {
      const { request } = payload;
      const site = request.headers.get('sec-fetch-site');
      const origin = request.headers.get('origin');
      const crossSite = site ? site === 'cross-site' || site === 'same-site' : origin !== null && origin !== new URL(request.url).origin;
      if (crossSite) return csrf.onRequestParse?.(payload);
    },
  };
}
