import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { unauthenticated, unavailable } from './errors.js';

/**
 * Offline verification of tokengate's access tokens: signature against the published keys (JWKS, cached),
 * issuer, audience, algorithm and the RFC 9068 type `at+jwt` pinned, expiry checked. No call to tokengate
 * per request, so a token logged out there is still accepted here until its `exp` (see introspection.js).
 */

/** @typedef {{ sub: string, scope?: string, roles?: string[], email?: string, exp: number }} AccessClaims */

/**
 * @param {{ jwksUri: URL, issuer: string, audience: string, algorithm: string, cooldownMs: number, cacheMaxAgeMs: number }} options
 * @returns {(token: string) => Promise<AccessClaims>}
 */
export function accessTokenVerifier({ jwksUri, issuer, audience, algorithm, cooldownMs, cacheMaxAgeMs }) {
  // One key set for the process: jose fetches it on first use, again when its copy is older than
  // cacheMaxAge, and on an unknown kid (a key rotation) at most once per cooldown.
  const keys = createRemoteJWKSet(jwksUri, { cooldownDuration: cooldownMs, cacheMaxAge: cacheMaxAgeMs });
  const expected = {
    issuer,
    audience,
    // Pinned: an HS256 token (say, one signed with the public key as an HMAC secret) is refused before any key is used.
    algorithms: [algorithm],
    // RFC 9068: only access tokens carry this header type, so no other JWT of the issuer passes for one.
    typ: 'at+jwt',
    requiredClaims: ['sub', 'exp', 'iat', 'jti'],
  };
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, expected);
      if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthenticated('TOKEN_INVALID', 'The access token names no user');
      return /** @type {AccessClaims} */ (payload);
    } catch (error) {
      throw translate(error);
    }
  };
}

/** jose's errors → ours: the client learns whether to refresh (expired) or sign in again (anything else). */
function translate(error) {
  if (error instanceof errors.JWTExpired) return unauthenticated('TOKEN_EXPIRED', 'The access token has expired');
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return unauthenticated('TOKEN_MALFORMED', 'The access token is not a well-formed JWT');
  }
  // The key set could not be fetched (tokengate down, a timeout, not a key set): we cannot tell, so we refuse.
  // fetch itself fails with a TypeError; jose's generic error is its "not 200 OK" / "not JSON".
  const keysUnavailable = error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error instanceof TypeError;
  if (keysUnavailable || (error instanceof errors.JOSEError && error.code === errors.JOSEError.code)) {
    console.error(`JWKS unavailable: ${error.message}`);
    return unavailable();
  }
  if (error instanceof errors.JOSEError) return unauthenticated('TOKEN_INVALID', 'The access token is not valid here');
  return error;
}
