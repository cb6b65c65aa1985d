import type { Plugin } from '../index';
import { errorResponse } from './error-response';

/** yoga answers malformed JSON in GET's `variables`/`extensions` with a 500; this makes it a 400. */
export function useGetParamsCheck(): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const value = url.searchParams.get(name);
        if (value === null) continue;
        try {
          JSON.parse(value);
        } catch {
          return endResponse(errorResponse(400, `The "${name}" parameter is not valid JSON.`, 'BAD_REQUEST'));
        }
      }
    },
  };
}
