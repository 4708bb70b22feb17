import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { SigningAlgorithm } from '../../keys/algorithms';
import { type AsymmetricKeyRing, signingKeyOf, verificationKeysOf } from '../../keys/key-ring';
import { parseStrictJsonObject } from './strict-json';
import { TokenError } from './token.errors';

/** The only module that imports jsonwebtoken: signs with the current key, verifies with a pinned algorithm. */

/** Anything longer is refused before any parsing (RFC 8725: bound the work an attacker can ask for). */
export const MAX_TOKEN_LENGTH = 8192;
/** An iat this far ahead of our clock is tolerated (clock skew between instances), no further. */
export const IAT_LEEWAY_SECONDS = 30;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
/** Header parameters that point the verifier at other keys or at extensions we do not implement. */
const REFUSED_HEADER_PARAMETERS = ['jku', 'x5u', 'jwk', 'x5c', 'x5t', 'x5t#S256', 'crit'] as const;

export interface JwtKey {
  /** Key id: a fingerprint of the secret, or an asymmetric key's RFC 7638 thumbprint; never reveals the key. */
  kid: string;
  /**
   * The key as a KeyObject made once (the secret, the private key that signs, or the public key that
   * verifies): given a string, jsonwebtoken first parses it as a PEM on every call, ~40x the HMAC itself.
   */
  key: KeyObject;
  /** Previous keys only: the latest iat accepted from this key (its retirement plus JWT_ROTATION_OVERLAP). */
  acceptsIssuedUntil?: number;
}

/** A secret from JWT_PREVIOUS_SECRETS and the latest iat its tokens may carry. */
export interface PreviousKey {
  secret: string;
  acceptsIssuedUntil: number;
}

export interface JwtKeyRing {
  /** The one algorithm this ring signs and accepts (pinned: a token naming another is refused). */
  algorithm: SigningAlgorithm;
  /** Signs every new token. */
  signing: JwtKey;
  /** Verify: the first verifies tokens without a kid (the current key), the rest only by kid. */
  verifying: readonly JwtKey[];
  /** Header typ of what it signs, and required of what it verifies (RFC 9068: "at+jwt"); unset: jsonwebtoken's "JWT", not checked. */
  typ?: string;
}

export interface VerifyRules {
  issuer: string;
  audience: string;
  nowSeconds: number;
}

/** A short, stable id for a secret: 16 base64url characters of its SHA-256. */
export function keyIdOf(secret: string): string {
  return createHash('sha256').update(`tokengate-kid:${secret}`).digest('base64url').slice(0, 16);
}

/** Names a key in stored records (key retirements): the SHA-256 of the secret, never the secret itself. */
export function keyFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** An HMAC ring: the current secret signs and verifies, previous secrets verify. */
export function keyRing(algorithm: SigningAlgorithm, secret: string, previous: readonly PreviousKey[] = []): JwtKeyRing {
  const key = (s: string): JwtKey => ({ kid: keyIdOf(s), key: createSecretKey(Buffer.from(s, 'utf8')) });
  const current = key(secret);
  return {
    algorithm,
    signing: current,
    verifying: [current, ...previous.map((old) => ({ ...key(old.secret), acceptsIssuedUntil: old.acceptsIssuedUntil }))],
  };
}

/**
 * The ring of access tokens under an asymmetric algorithm: the current private key signs, with `typ: "at+jwt"`
 * (RFC 9068); the published public keys (current, next, previous) verify. `acceptsIssuedUntil(kid)` bounds
 * what a previous key may have signed (its retirement plus JWT_ROTATION_OVERLAP).
 */
export function asymmetricJwtKeyRing(ring: AsymmetricKeyRing, acceptsIssuedUntil: (kid: string) => number): JwtKeyRing {
  const previous = new Set(ring.previous.map((key) => key.kid));
  return {
    algorithm: ring.algorithm,
    signing: signingKeyOf(ring),
    verifying: verificationKeysOf(ring).map((key) => (previous.has(key.kid) ? { ...key, acceptsIssuedUntil: acceptsIssuedUntil(key.kid) } : key)),
    typ: ACCESS_TOKEN_TYP,
  };
}

/** RFC 9068 §2.1: the media type of a JWT access token, so a verifier can tell it from other JWTs. */
export const ACCESS_TOKEN_TYP = 'at+jwt';

/**
 * Signs with the ring's signing key. HMAC is deterministic (identical claims and key give an identical token);
 * ES256 and PS256 signatures are randomised, so compare claims, never token strings.
 */
export function signJwt(claims: Record<string, unknown>, ring: JwtKeyRing): string {
  // iat and exp come in the claims (from our clock); jsonwebtoken keeps a given iat.
  return jwt.sign(claims, ring.signing.key, {
    algorithm: ring.algorithm,
    keyid: ring.signing.kid,
    ...(ring.typ ? { header: { alg: ring.algorithm, typ: ring.typ } } : {}),
  });
}

/** Returns the verified claims or throws a TokenError whose reason says what was wrong. */
export function verifyJwt(token: string, ring: JwtKeyRing, rules: VerifyRules): Record<string, unknown> {
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
    throw new TokenError('TOKEN_MALFORMED', 'not a compact JWT');
  }
  const [headerText, payloadText] = token.split('.').map((part) => Buffer.from(part, 'base64url').toString('utf8'));
  const header = parseStrictJsonObject(headerText);
  if (!header) throw new TokenError('TOKEN_MALFORMED', 'header is not a JSON object with unique keys');
  if (!parseStrictJsonObject(payloadText)) {
    throw new TokenError('TOKEN_MALFORMED', 'payload is not a JSON object with unique keys');
  }
  const key = keyFor(header, ring);
  let claims: string | jwt.JwtPayload;
  try {
    claims = jwt.verify(token, key.key, {
      algorithms: [ring.algorithm],
      issuer: rules.issuer,
      audience: rules.audience,
      clockTimestamp: rules.nowSeconds,
    });
  } catch (error) {
    throw translate(error);
  }
  if (typeof claims !== 'object' || claims === null) throw new TokenError('TOKEN_INVALID', 'payload is not an object');
  assertTimeClaims(claims, rules.nowSeconds);
  // A retired key signs nothing new: whoever signs with it after the overlap is not one of our instances.
  if (key.acceptsIssuedUntil !== undefined && (claims.iat as number) > key.acceptsIssuedUntil) {
    throw new TokenError('TOKEN_INVALID', 'signed with a retired key after its retirement');
  }
  return claims;
}

/** RFC 8725 §2.1, §3.1: the header may only name our algorithm and one of our keys. */
function keyFor(header: Record<string, unknown>, ring: JwtKeyRing): JwtKey {
  // Exact match: "none", "None", "RS256" (public key as HMAC secret) and other HS sizes all fail here.
  if (header.alg !== ring.algorithm) throw new TokenError('TOKEN_INVALID', `algorithm must be ${ring.algorithm}`);
  const refused = REFUSED_HEADER_PARAMETERS.find((name) => name in header);
  if (refused) throw new TokenError('TOKEN_INVALID', `header parameter "${refused}" is not accepted`);
  if (ring.typ !== undefined && header.typ !== ring.typ) throw new TokenError('TOKEN_INVALID', `typ must be ${ring.typ}`);
  // Tokens signed before key ids existed carry none: only the current key may verify them.
  if (!('kid' in header)) return ring.verifying[0];
  const key = ring.verifying.find((candidate) => candidate.kid === header.kid);
  if (!key) throw new TokenError('TOKEN_INVALID', 'unknown key id');
  return key;
}

/** exp and iat are required; iat may not be in the future beyond the leeway (jsonwebtoken checks neither). */
function assertTimeClaims(claims: jwt.JwtPayload, nowSeconds: number): void {
  if (typeof claims.exp !== 'number') throw new TokenError('TOKEN_INVALID', 'exp is required');
  if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) {
    throw new TokenError('TOKEN_INVALID', 'iat is required');
  }
  if (claims.iat > nowSeconds + IAT_LEEWAY_SECONDS) throw new TokenError('TOKEN_INVALID', 'iat is in the future');
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
