import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/** The public members of a JWK, and nothing else: built by copying named members, never by deleting private ones. */
export type PublicJwk =
  | { kty: 'RSA'; n: string; e: string }
  | { kty: 'EC'; crv: string; x: string; y: string };

/** RFC 7638 §3.2: the required members of each key type, in lexicographic order. */
const THUMBPRINT_MEMBERS = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
} as const;

/** The public JWK of an RSA or EC key (given its private or its public half). */
export function publicJwkOf(key: KeyObject): PublicJwk {
  if (key.type === 'secret') throw new TypeError('a secret key has no public JWK');
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.kty === 'RSA' && jwk.n && jwk.e) return { kty: 'RSA', n: jwk.n, e: jwk.e };
  if (jwk.kty === 'EC' && jwk.crv && jwk.x && jwk.y) return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  throw new TypeError(`unsupported key type for a JWK: ${key.asymmetricKeyType}`);
}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url): our `kid`. It names the key by its public value, so every
 * instance given the same key computes the same kid, and a consumer can recompute it from the JWKS.
 */
export function jwkThumbprint(key: KeyObject): string {
  const jwk: Record<string, string> = publicJwkOf(key);
  // §3: the required members only, lexicographic order, no whitespace; base64url values need no JSON escaping,
  // but JSON.stringify keeps the output right whatever they hold.
  const members = THUMBPRINT_MEMBERS[jwk.kty as keyof typeof THUMBPRINT_MEMBERS];
  const canonical = `{${members.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(',')}}`;
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}
