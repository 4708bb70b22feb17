import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** The reasons tokengate puts in extensions.reason when a token is refused (README › Errors). */
export const TOKEN_REASONS = ['TOKEN_EXPIRED', 'TOKEN_REVOKED', 'TOKEN_INVALID', 'TOKEN_MALFORMED'] as const;
export type TokenReason = (typeof TOKEN_REASONS)[number];

interface ErrorShape {
  extensions?: Record<string, unknown> | null;
}

const isTokenReason = (value: unknown): value is TokenReason =>
  typeof value === 'string' && (TOKEN_REASONS as readonly string[]).includes(value);

/** The token reason among UNAUTHENTICATED errors of a GraphQL response, if any. */
export function tokenReasonIn(errors: readonly ErrorShape[] | undefined): TokenReason | undefined {
  for (const error of errors ?? []) {
    const reason = error.extensions?.reason;
    if (error.extensions?.code === 'UNAUTHENTICATED' && isTokenReason(reason)) return reason;
  }
  return undefined;
}

/**
 * A refused access token answers HTTP 401. With `application/graphql-response+json` Apollo Client
 * surfaces it as CombinedGraphQLErrors; with plain JSON as a ServerError whose body holds the errors.
 */
export function tokenReasonOf(error: unknown): TokenReason | undefined {
  if (CombinedGraphQLErrors.is(error)) return tokenReasonIn(error.errors);
  if (ServerError.is(error) && error.statusCode === 401) {
    try {
      return tokenReasonIn((JSON.parse(error.bodyText) as { errors?: ErrorShape[] }).errors);
    } catch {
      return undefined;
    }
  }
  return undefined;
}
