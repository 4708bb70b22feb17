import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { serviceUnavailable } from '../errors/api-errors';
import { ERROR_CODES } from '../errors/error-codes';
import type { Logger } from '../lib/logger';
import { redactInputValues } from '../security/input-value-redaction';
import { describeTokenLimit } from '../security/query-limits';
import { withoutSuggestions } from '../security/schema-details';
import { StoreUnavailableError } from '../security/store-outage';

// Apollo's other codes for requests it cannot run: they describe the client's request, so they pass through.
const APOLLO_CLIENT_CODES = new Set([
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export interface ErrorFormatterOptions {
  /** Drop "Did you mean …?" suggestions: on when introspection is off. */
  hideSchemaDetails: boolean;
}

/**
 * Known errors pass without a value that may be secret (and without suggestions when the schema is hidden);
 * anything unexpected is logged and answered without its details.
 */
export function createErrorFormatter(logger: Logger, maxTokens: number, { hideSchemaDetails }: ErrorFormatterOptions) {
  const clientMessage = (message: string, error: unknown): string => {
    const redacted = redactInputValues(message, error);
    return hideSchemaDetails ? withoutSuggestions(redacted) : redacted;
  };
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const cause = unwrapResolverError(error);
    if (cause instanceof StoreUnavailableError) {
      logger.error({ err: cause.cause, path: formatted.path }, 'store unavailable: request refused');
      const { message, extensions } = serviceUnavailable();
      return { message, path: formatted.path, extensions: { code: extensions.code } };
    }
    const tokenLimit = describeTokenLimit(formatted.message, maxTokens);
    if (tokenLimit) return { ...formatted, message: tokenLimit };
    const code = formatted.extensions?.code;
    const known = typeof code === 'string' && (code in ERROR_CODES || APOLLO_CLIENT_CODES.has(code));
    // Apollo labels argument coercion failures BAD_USER_INPUT too: shown, without any value that may be a secret.
    if (known && code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, message: clientMessage(formatted.message, error) };
    logger.error({ err: unwrapResolverError(error), path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
