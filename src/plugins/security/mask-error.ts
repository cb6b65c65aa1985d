/**
 * yoga's `maskedErrors.maskError`: what a client sees of an error. Not a plugin, but the security
 * edge's last word on every error a response carries.
 */
import { GraphQLError } from 'graphql';
import { PothosValidationError } from '@pothos/core';
import { maskError as maskUnexpectedError, type MaskError } from 'graphql-yoga';
import { databaseFault } from '../../db/faults';

/**
 * Masks unexpected errors (yoga's default, also under `wrangler dev`) and gives argument errors
 * that Pothos reports (page sizes, cursors, global IDs, validation) the code BAD_USER_INPUT, so
 * clients can tell their own mistakes from the server's.
 */
export const maskError: MaskError = (error, message, isDev) => {
  const fault = databaseFault(error instanceof GraphQLError ? error.originalError : error);
  if (fault) {
    // Says what failed, without SQL; clients may retry later.
    return new GraphQLError(fault.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: fault.errorCode },
    });
  }
  if (error instanceof GraphQLError && error.originalError instanceof PothosValidationError) {
    // The same error, coded in place: yoga logs every error the mask replaces as a server error,
    // and a client's mistake is none.
    if (!Object.isFrozen(error.extensions)) {
      (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT';
      return error;
    }
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
    });
  }
  return maskUnexpectedError(error, message, isDev);
};
