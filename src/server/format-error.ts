import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ERROR_CODES } from '../errors/error-codes';
import type { Logger } from '../lib/logger';

// Apollo's other codes for requests it cannot run: they describe the client's request, so they pass through.
const APOLLO_CLIENT_CODES = new Set([
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Known errors pass as they are; anything unexpected is logged and answered without its details. */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const known = typeof code === 'string' && (code in ERROR_CODES || APOLLO_CLIENT_CODES.has(code));
    // Apollo labels argument coercion failures BAD_USER_INPUT too: those are fine to show.
    if (known && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
