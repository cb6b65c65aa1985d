import { GraphQLError } from 'graphql';
import type { Plugin } from '../index';

/**
 * yoga echoes the JSON parser's own error under `extensions.originalError`; responses carry no
 * original errors. Its `http.spec` mark relies on that field to keep 400 for application/json,
 * so the mark goes too and the 400 stays.
 */
export function useNoOriginalErrors(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors?.length) return;
      if (!result.errors.some((error) => error.extensions?.originalError !== undefined)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) => {
          if (error.extensions?.originalError === undefined) return error;
          const { originalError: _originalError, http, ...extensions } = error.extensions as Record<string, unknown> & {
            http?: { status?: number; headers?: Record<string, string> };
          };
          return new GraphQLError(error.message, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            path: error.path,
            extensions: { ...extensions, ...(http ? { http: { status: http.status, headers: http.headers } } : {}) },
          });
        }),
      });
    },
  };
}
