import { CombinedGraphQLErrors } from '@apollo/client/errors';

/**
 * The challenge of a login that needs a second factor: `login` fails with UNAUTHENTICATED, reason MFA_REQUIRED
 * and `extensions.mfaToken`. Kept in memory only (component state), never stored: it is half a sign-in.
 */
export function mfaChallengeOf(error: unknown): string | undefined {
  if (!CombinedGraphQLErrors.is(error)) return undefined;
  for (const { extensions } of error.errors) {
    if (extensions?.code === 'UNAUTHENTICATED' && extensions.reason === 'MFA_REQUIRED' && typeof extensions.mfaToken === 'string') {
      return extensions.mfaToken;
    }
  }
  return undefined;
}

/**
 * True when the challenge itself is over (used up by five wrong codes, or past its 5 minutes): the user goes
 * back to the password step. A wrong code (INVALID_MFA_CODE) keeps it.
 */
export function challengeEnded(error: unknown): boolean {
  return (
    CombinedGraphQLErrors.is(error) &&
    error.errors.some(({ extensions }) => extensions?.code === 'UNAUTHENTICATED' && ['TOKEN_REVOKED', 'TOKEN_EXPIRED'].includes(String(extensions.reason)))
  );
}
