import { GraphQLError } from 'graphql';
import { LIMITS } from '../../limits';
import { expandedSelections } from '../cost';
import type { Plugin } from '../index';

/**
 * Rejects documents whose fragments expand to more selections than the limit before graphql-js
 * validates them: validation and cost analysis both walk the expanded document.
 */
export function useSelectionLimit(): Plugin {
  return {
    onValidate({ params, setResult }) {
      const selections = expandedSelections(params.documentAST);
      if (selections > LIMITS.maxSelections) {
        setResult([
          new GraphQLError(
            `The document expands to ${selections > 1e15 ? 'more than 10^15' : selections} field selections; the limit is ${LIMITS.maxSelections}.`,
            { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
          ),
        ]);
      }
    },
  };
}
