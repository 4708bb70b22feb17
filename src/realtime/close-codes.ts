import type { TokenFailureReason } from '../errors/error-codes';

/**
 * How the server closes a GraphQL WebSocket, and what a client does (docs/CLIENTS.md has the table).
 * graphql-ws clients retry after 4403 (calling connectionParams again: a refreshed token reconnects) and
 * treat 4401 and 4429 as final.
 */
export const CLOSE_CODES = {
  /** Shutdown of this instance: reconnect (to another one). */
  GOING_AWAY: 1001,
  /** The store could not be reached while authenticating: "try again later", which graphql-ws clients retry. */
  SERVICE_UNAVAILABLE: 1013,
  /** Malformed, forged or revoked token; session ended, user gone: sign in again. */
  UNAUTHORIZED: 4401,
  /** The access token expired (or was replaced while its session goes on): refresh, then reconnect. */
  TOKEN_EXPIRED: 4403,
  /** Over WS_MAX_CONNECTIONS_PER_IP or WS_MAX_CONNECTIONS_PER_USER on this instance. */
  TOO_MANY_CONNECTIONS: 4429,
} as const;
export type CloseCode = (typeof CLOSE_CODES)[keyof typeof CLOSE_CODES];

/** The close for a token that no longer passes: only expiry is worth a retry with a refreshed token. */
export function closeCodeFor(reason: TokenFailureReason): CloseCode {
  return reason === 'TOKEN_EXPIRED' ? CLOSE_CODES.TOKEN_EXPIRED : CLOSE_CODES.UNAUTHORIZED;
}

/** Close reasons carry no secret and stay under the 123 bytes a close frame allows. */
export const CLOSE_REASONS: Record<TokenFailureReason, string> = {
  TOKEN_MALFORMED: 'Token malformed',
  TOKEN_INVALID: 'Token invalid',
  TOKEN_EXPIRED: 'Token expired',
  TOKEN_REVOKED: 'Token revoked',
  TOKEN_BINDING_MISMATCH: 'Token used from another network than its session',
};
