import { TokenError } from '../auth/tokens/token.errors';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The Authorization value of a connection_init payload: `authorization` (Apollo Client's usual spelling),
 * `Authorization`, or Hasura's `headers.Authorization`. Undefined: anonymous. A value that is not a string
 * is a malformed token, not an anonymous caller.
 */
export function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!params) return undefined;
  const headers = isRecord(params.headers) ? params.headers : {};
  const value = params.authorization ?? params.Authorization ?? headers.Authorization ?? headers.authorization;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TokenError('TOKEN_MALFORMED', 'authorization must be "Bearer <token>"');
  return value;
}
