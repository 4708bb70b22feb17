import { GraphQLError } from 'graphql';

/**
 * The errors this service answers with, in tokengate's vocabulary (`extensions.code`, and `reason` for token
 * failures), so one client handles both services alike.
 */

/**
 * A request whose credentials are refused: HTTP 401 when it happens before any field runs.
 * @param {'AUTHENTICATION_REQUIRED' | 'TOKEN_MALFORMED' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED'} reason
 * @param {string} message
 */
export const unauthenticated = (reason, message) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', reason, http: { status: 401 } } });

/** @param {string} scope the missing one */
export const forbidden = (scope) =>
  new GraphQLError(`This needs the scope ${scope}`, { extensions: { code: 'FORBIDDEN', scope } });

/** tokengate (its JWKS or its introspection) could not be asked: refuse rather than guess. */
export const unavailable = () =>
  new GraphQLError('The authorization server cannot be reached, please retry', {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
  });

/** @param {string} field @param {string} message */
export const badInput = (field, message) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
