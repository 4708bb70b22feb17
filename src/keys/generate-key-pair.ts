import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type AsymmetricAlgorithm, MIN_RSA_BITS } from './algorithms';

export interface KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A fresh key pair for the algorithm: P-256 for ES256; 2048-bit RSA, exponent 65537, for RS256 and PS256. */
export function generateSigningKeyPair(algorithm: AsymmetricAlgorithm): KeyPair {
  if (algorithm === 'ES256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return generateKeyPairSync('rsa', { modulusLength: MIN_RSA_BITS, publicExponent: 0x10001 });
}

/** PKCS#8 PEM, the one private format the configuration reads. */
export const privateKeyPem = (key: KeyObject): string => key.export({ type: 'pkcs8', format: 'pem' }).toString();
/** SPKI PEM, the one public format the configuration reads. */
export const publicKeyPem = (key: KeyObject): string => key.export({ type: 'spki', format: 'pem' }).toString();
