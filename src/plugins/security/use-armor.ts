import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationContext } from 'graphql';
import { LIMITS } from '../../limits';
import type { Plugin } from '../index';

/**
 * Armor throws from inside validation, which yoga answers without a code or a 4xx; reporting the
 * error instead makes it an ordinary validation failure (400 with GRAPHQL_VALIDATION_FAILED).
 */
const reportArmorError = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''))),
  ],
};

/** GraphQL Armor's document limits: tokens, depth, aliases, directives. */
export function useArmor(): Plugin {
  return EnvelopArmorPlugin({
    maxTokens: { n: LIMITS.maxTokens },
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true, ...reportArmorError },
    maxAliases: { n: LIMITS.maxAliases, ...reportArmorError },
    maxDirectives: { n: LIMITS.maxDirectives, ...reportArmorError },
    // Cost is computed after variables are known, in useCostLimits.
    costLimit: { enabled: false },
    // Introspection is public, so hiding "Did you mean …?" would protect nothing and cost every caller.
    blockFieldSuggestion: { enabled: false },
  }) as Plugin;
}
