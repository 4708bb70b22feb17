import { createHash } from 'node:crypto';
import type { AsymmetricAlgorithm } from './algorithms';
import { type PublicJwk, publicJwkOf } from './jwk';
import { type AsymmetricKeyRing, publishedKeysOf } from './key-ring';

/** One entry of the JWKS: what a verifier needs to pick and use the key, and nothing private. */
export type JwksKey = { kid: string; alg: AsymmetricAlgorithm; use: 'sig' } & PublicJwk;

export interface Jwks {
  readonly keys: readonly JwksKey[];
}

export interface PublishedJwks {
  readonly document: Jwks;
  /** The response body, serialised once: the keys do not change while the process runs. */
  readonly body: string;
  /** A strong ETag of the body; every instance with the same keys computes the same one. */
  readonly etag: string;
}

/**
 * The JWKS of a key ring: current, next and previous keys, in that order. Each entry is built from
 * publicJwkOf, which copies the public members by name, so a private member (d, p, q, dp, dq, qi, k)
 * cannot reach it whatever the KeyObject holds.
 */
export function buildJwks(ring: AsymmetricKeyRing): PublishedJwks {
  const keys = publishedKeysOf(ring).map(
    (key): JwksKey => ({ kid: key.kid, alg: ring.algorithm, use: 'sig', ...publicJwkOf(key.publicKey) }),
  );
  const document: Jwks = { keys };
  const body = JSON.stringify(document);
  return { document, body, etag: `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"` };
}
