import jwt from 'jsonwebtoken';
import type { JwtAlgorithm } from '../../config/config';
import { TokenError } from './token.errors';

/** The only module that imports jsonwebtoken: signs and verifies with a pinned algorithm list. */

/** Anything longer is refused before any parsing (RFC 8725: bound the work an attacker can ask for). */
export const MAX_TOKEN_LENGTH = 8192;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export interface JwtKey {
  secret: string;
  algorithm: JwtAlgorithm;
}

export interface VerifyRules {
  issuer: string;
  audience: string;
  nowSeconds: number;
}

export function signJwt(claims: Record<string, unknown>, key: JwtKey): string {
  // iat and exp come in the claims (from our clock); jsonwebtoken keeps a given iat.
  return jwt.sign(claims, key.secret, { algorithm: key.algorithm });
}

/** Returns the verified claims or throws a TokenError whose reason says what was wrong. */
export function verifyJwt(token: string, key: JwtKey, rules: VerifyRules): Record<string, unknown> {
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    throw new TokenError('TOKEN_MALFORMED', 'not a compact JWT');
  }
  if (!decodes(token)) throw new TokenError('TOKEN_MALFORMED', 'header or payload is not JSON');
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, key.secret, {
      algorithms: [key.algorithm],
      issuer: rules.issuer,
      audience: rules.audience,
      clockTimestamp: rules.nowSeconds,
    });
  } catch (error) {
    throw translate(error);
  }
  if (typeof claims !== 'object' || claims === null) throw new TokenError('TOKEN_INVALID', 'payload is not an object');
  return claims;
}

/** jwt.decode throws (rather than returning null) on some non-JSON payloads, e.g. a typ:JWT header. */
function decodes(token: string): boolean {
  try {
    return jwt.decode(token, { complete: true }) !== null;
  } catch {
    return false;
  }
}

function translate(error: unknown): TokenError {
  if (error instanceof jwt.TokenExpiredError) return new TokenError('TOKEN_EXPIRED', 'token expired');
  if (error instanceof jwt.NotBeforeError) return new TokenError('TOKEN_INVALID', 'token not valid yet');
  if (error instanceof jwt.JsonWebTokenError) {
    const malformed = /malformed|invalid token|unexpected token|must be provided/i.test(error.message);
    return new TokenError(malformed ? 'TOKEN_MALFORMED' : 'TOKEN_INVALID', error.message);
  }
  return new TokenError('TOKEN_INVALID', 'token could not be verified');
}
