import { createPublicKey, type KeyObject } from 'node:crypto';
import type { AsymmetricAlgorithm } from './algorithms';
import { jwkThumbprint } from './jwk';

/** A key whose public half is published in the JWKS and accepted for verification. */
export interface PublishedKey {
  /** RFC 7638 thumbprint of the public key. */
  readonly kid: string;
  readonly publicKey: KeyObject;
  /** Where it came from, for the start-up log: "JWT_PRIVATE_KEY_FILE (/etc/keys/a.pem)". */
  readonly source: string;
}

/** The key that signs new access tokens. */
export interface SigningKey extends PublishedKey {
  readonly privateKey: KeyObject;
}

/**
 * The asymmetric keys of one configuration, as KeyObjects made once at start-up. The next key's private half
 * is not kept: it signs nothing until it is promoted, and then it is read again as the current key.
 */
export interface AsymmetricKeyRing {
  readonly algorithm: AsymmetricAlgorithm;
  readonly current: SigningKey;
  readonly next: PublishedKey | undefined;
  readonly previous: readonly PublishedKey[];
}

/** A published key named by its thumbprint. */
export function publishedKey(publicKey: KeyObject, source: string): PublishedKey {
  return withKeyObjects({ kid: jwkThumbprint(publicKey), source }, { publicKey });
}

/** A signing key: its public half is derived once, here. */
export function signingKey(privateKey: KeyObject, source: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return withKeyObjects({ kid: jwkThumbprint(publicKey), source }, { publicKey, privateKey });
}

/**
 * KeyObjects are attached as non-enumerable properties. A KeyObject caches details about itself on first
 * use, so a frozen one throws ("object is not extensible"), and config.ts deep-freezes what it holds by
 * walking Object.values: out of that walk's reach, the ring can live in the frozen configuration. It also
 * keeps key handles out of JSON and log serialisation. (Spreading such an object drops them: build keys
 * with publishedKey / signingKey only.)
 */
function withKeyObjects<T extends object, K extends Record<string, KeyObject>>(data: T, keys: K): T & K {
  for (const [name, key] of Object.entries(keys)) {
    Object.defineProperty(data, name, { value: key, enumerable: false, writable: false, configurable: false });
  }
  return data as T & K;
}

/** The { kid, key } pair jsonwebtoken signs with (the shape of jwt.backend's JwtKey). */
export function signingKeyOf(ring: AsymmetricKeyRing): { kid: string; key: KeyObject } {
  return { kid: ring.current.kid, key: ring.current.privateKey };
}

/** Every key published, in JWKS order: current, next, previous. */
export function publishedKeysOf(ring: AsymmetricKeyRing): PublishedKey[] {
  return [ring.current, ...(ring.next ? [ring.next] : []), ...ring.previous];
}

/**
 * Every key a token may be verified with: the published ones, the next key included. During step 2 of a
 * rotation, instances already restarted sign with the promoted key while the others still list it as next;
 * they must accept its tokens.
 */
export function verificationKeysOf(ring: AsymmetricKeyRing): { kid: string; key: KeyObject }[] {
  return publishedKeysOf(ring).map((key) => ({ kid: key.kid, key: key.publicKey }));
}
