import { generateKeyPairSync } from 'node:crypto';
import { type AsymmetricAlgorithm, isAsymmetricAlgorithm, keyMismatch, SIGNING_ALGORITHMS } from '../../src/keys/algorithms';
import { ecKeyPair, rsaKeyPair } from './support/key-material';

const rsa2048 = rsaKeyPair(2048);
const rsa1024 = rsaKeyPair(1024);
const p256 = ecKeyPair('P-256');
const p384 = ecKeyPair('P-384');
const ed25519 = generateKeyPairSync('ed25519');
const rsaPss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });

test('the algorithms offered: the three HMAC ones as before, and RS256, PS256, ES256 (no EdDSA: jsonwebtoken cannot use it)', () => {
  expect(SIGNING_ALGORITHMS).toEqual(['HS256', 'HS384', 'HS512', 'RS256', 'PS256', 'ES256']);
  expect(SIGNING_ALGORITHMS.filter(isAsymmetricAlgorithm)).toEqual(['RS256', 'PS256', 'ES256']);
  expect(isAsymmetricAlgorithm('EdDSA')).toBe(false);
});

describe('keyMismatch', () => {
  test.each([
    ['RS256', rsa2048.privateKey],
    ['RS256', rsa2048.publicKey],
    ['PS256', rsa2048.privateKey],
    ['ES256', p256.privateKey],
    ['ES256', p256.publicKey],
  ] as const)('%s accepts a fitting key', (algorithm, key) => {
    expect(keyMismatch(key, algorithm)).toBeUndefined();
  });

  test.each<[AsymmetricAlgorithm, string, ReturnType<typeof rsaKeyPair>['privateKey'], string]>([
    ['RS256', 'a 1024-bit RSA key', rsa1024.privateKey, 'RS256 needs an RSA key of at least 2048 bits, not a 1024-bit one'],
    ['PS256', 'a 1024-bit RSA public key', rsa1024.publicKey, 'PS256 needs an RSA key of at least 2048 bits, not a 1024-bit one'],
    ['RS256', 'an EC key', p256.privateKey, 'RS256 needs an RSA key of at least 2048 bits, not an EC key'],
    ['PS256', 'an RSA-PSS-restricted key', rsaPss.privateKey, 'PS256 needs an RSA key of at least 2048 bits, not an RSA-PSS-restricted key (use a plain RSA key)'],
    ['ES256', 'an RSA key', rsa2048.privateKey, 'ES256 needs an EC key on the P-256 curve, not an RSA key'],
    ['ES256', 'a P-384 key', p384.privateKey, 'ES256 needs an EC key on the P-256 curve, not an EC key on secp384r1'],
    ['ES256', 'an Ed25519 key', ed25519.privateKey, 'ES256 needs an EC key on the P-256 curve, not a key of type "ed25519"'],
  ])('%s refuses %s', (algorithm, _, key, problem) => {
    expect(keyMismatch(key, algorithm)).toBe(problem);
  });
});
