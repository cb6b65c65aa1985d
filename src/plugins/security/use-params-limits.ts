import { GraphQLError } from 'graphql';
import { LIMITS } from '../../limits';
import type { Plugin } from '../index';

/** Deepest nesting of objects and lists accepted in `variables` and `extensions`. */
function nestingDepth(value: unknown): number {
  // Iterative, so that a hostile document cannot exhaust the stack here.
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > LIMITS.maxVariableDepth) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Whether variables and extensions nest within the limit (what this plugin checks besides the document's length). */
export function paramsNestWithinLimit(params: { variables?: unknown; extensions?: unknown }): boolean {
  return nestingDepth(params.variables) <= LIMITS.maxVariableDepth && nestingDepth(params.extensions) <= LIMITS.maxVariableDepth;
}

/**
 * Rejects over-long documents before they are parsed, and variables nested deeper than any input
 * type of the schema before anything walks them recursively.
 */
export function useParamsLimits(): Plugin {
  return {
    onParams({ params }) {
      if (typeof params.query === 'string' && params.query.length > LIMITS.maxDocumentLength) {
        throw new GraphQLError(`The document exceeds ${LIMITS.maxDocumentLength} characters.`, {
          extensions: { code: 'DOCUMENT_TOO_LARGE', http: { status: 400 } },
        });
      }
      if (!paramsNestWithinLimit(params)) {
        throw new GraphQLError(`Variables and extensions may nest at most ${LIMITS.maxVariableDepth} levels deep.`, {
          extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
        });
      }
    },
  };
}
