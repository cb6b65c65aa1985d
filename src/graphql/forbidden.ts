/**
 * The error of a failed scope check. A GraphQLError, so yoga does not mask it where no union
 * catches it; mutations list it among their result types, so there it is a typed result.
 */
import { GraphQLError } from 'graphql';

export class ForbiddenError extends GraphQLError {
  constructor(message: string, readonly requiredScopes: readonly string[]) {
    super(message, { extensions: { code: 'FORBIDDEN' } });
    Object.defineProperty(this, 'name', { value: 'ForbiddenError' });
  }
}
