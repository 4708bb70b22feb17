import { createHash, createPublicKey, createSecretKey } from 'node:crypto';
import { jwkThumbprint, publicJwkOf } from '../../src/keys/jwk';
import { ecKeyPair, PRIVATE_JWK_MEMBERS, rsaKeyPair } from './support/key-material';

// RFC 7638 §3.1: the example RSA key and its SHA-256 thumbprint.
const RFC7638_KEY = {
  kty: 'RSA',
  n:
    '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6' +
    '4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9' +
    '1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
  e: 'AQAB',
};
const RFC7638_THUMBPRINT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

// A published P-256 test key whose thumbprint (hex) its authors state; it checks the EC member order.
const P256_KEY = { kty: 'EC', crv: 'P-256', x: 'V8ctRWc2deLSjfOjqQm7-m33SinduQbKJVgSHFj7ZxQ', y: 'svjg0e-iAe5zElQhfqqagr4-S8k3WWgzz6JDPmRE_bk' };
const P256_THUMBPRINT = Buffer.from('1235335bd15b2c75f3e84f4c681d85cbc059c00d7910d1bad0690a2af566aaf8', 'hex').toString('base64url');

describe('jwkThumbprint (RFC 7638)', () => {
  test('gives the RFC 7638 §3.1 thumbprint of the RFC example RSA key', () => {
    expect(jwkThumbprint(createPublicKey({ key: RFC7638_KEY, format: 'jwk' }))).toBe(RFC7638_THUMBPRINT);
  });

  test('gives the stated thumbprint of a published P-256 test key', () => {
    expect(jwkThumbprint(createPublicKey({ key: P256_KEY, format: 'jwk' }))).toBe(P256_THUMBPRINT);
  });

  test('hashes {"crv","kty","x","y"} of an EC key, the coordinates read straight from its SPKI bytes', () => {
    const { publicKey } = ecKeyPair();
    // SPKI of a P-256 key ends with the uncompressed point: 0x04 || x (32 bytes) || y (32 bytes).
    const point = publicKey.export({ type: 'spki', format: 'der' }).subarray(-65);
    expect(point[0]).toBe(0x04);
    const [x, y] = [point.subarray(1, 33), point.subarray(33)].map((half) => half.toString('base64url'));
    const canonical = `{"crv":"P-256","kty":"EC","x":"${x}","y":"${y}"}`;
    expect(jwkThumbprint(publicKey)).toBe(createHash('sha256').update(canonical).digest('base64url'));
  });

  test('names a key the same from its private and its public half', () => {
    for (const pair of [ecKeyPair(), rsaKeyPair()]) {
      expect(jwkThumbprint(pair.privateKey)).toBe(jwkThumbprint(pair.publicKey));
    }
  });

  test('differs between two keys', () => {
    expect(jwkThumbprint(ecKeyPair().publicKey)).not.toBe(jwkThumbprint(ecKeyPair().publicKey));
  });
});

describe('publicJwkOf', () => {
  test('copies the public members only, even from a private key', () => {
    const ec = publicJwkOf(ecKeyPair().privateKey);
    const rsa = publicJwkOf(rsaKeyPair().privateKey);
    expect(Object.keys(ec).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(Object.keys(rsa).sort()).toEqual(['e', 'kty', 'n']);
    for (const member of PRIVATE_JWK_MEMBERS) {
      expect(ec).not.toHaveProperty(member);
      expect(rsa).not.toHaveProperty(member);
    }
  });

  test('refuses a secret key: an HMAC secret has no public form', () => {
    expect(() => publicJwkOf(createSecretKey(Buffer.alloc(32, 1)))).toThrow('a secret key has no public JWK');
  });
});
