import { forbidden, unauthenticated } from './errors.js';

/**
 * What each operation needs, as tokengate's permissions (the `scope` claim). Notes are the caller's own data,
 * so they ride on `profile:*`, which every USER has; reading everybody's notes needs `users:read` (ADMIN).
 * A deployment that wants `notes:read`/`notes:write` adds them to tokengate's roles with ROLE_PERMISSIONS_FILE
 * and changes these three lines.
 */
export const SCOPES = {
  READ_OWN_NOTES: 'profile:read',
  WRITE_OWN_NOTES: 'profile:write',
  READ_ALL_NOTES: 'users:read',
};

/** @typedef {{ token: string, claims: import('./access-token.js').AccessClaims }} Caller */

/**
 * The caller, when their token's scope (as of issue, from the verified token) includes `scope`.
 * @param {Caller | undefined} caller
 * @param {string} scope
 * @returns {Caller}
 */
export function requireScope(caller, scope) {
  if (!caller) throw unauthenticated('AUTHENTICATION_REQUIRED', 'Sign in to tokengate and send its access token');
  if (!hasScope(caller.claims.scope, scope)) throw forbidden(scope);
  return caller;
}

/** @param {string | undefined} scopeClaim space-separated, as RFC 9068 §2.2.3 says @param {string} scope */
export const hasScope = (scopeClaim, scope) => (scopeClaim ?? '').split(' ').includes(scope);
