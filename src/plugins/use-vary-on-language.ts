import type { Plugin } from './index';

/** Responses depend on Accept-Language, so caches must key on it. */
export function useVaryOnLanguage(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.append('Vary', 'Accept-Language');
    },
  };
}
