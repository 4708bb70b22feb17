import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AsymmetricAlgorithm } from '../../src/keys/algorithms';
import { jwkThumbprint } from '../../src/keys/jwk';
import { type AsymmetricKeyRing, signingKeyOf } from '../../src/keys/key-ring';
import { buildJwks } from '../../src/keys/jwks';
import { ifNoneMatchHits, jwksCacheControl, readJwksMaxAge } from '../../src/keys/jwks-http';
import { resolveSigningKeys } from '../../src/keys/signing-keys';
import { ecKeyPair, escapedNewlines, PRIVATE_JWK_MEMBERS, rsaKeyPair, type TestKeyPair } from './support/key-material';

/** A ring with a current, a next and two previous keys, all given inline as the environment would. */
function ringOf(algorithm: AsymmetricAlgorithm, [current, next, ...previous]: TestKeyPair[]): AsymmetricKeyRing {
  const problems: string[] = [];
  const env = {
    JWT_PRIVATE_KEY: escapedNewlines(current.privatePem),
    JWT_NEXT_PRIVATE_KEY: escapedNewlines(next.privatePem),
    JWT_PREVIOUS_PUBLIC_KEYS: previous.map((pair) => escapedNewlines(pair.publicPem)).join(','),
  };
  const resolved = resolveSigningKeys(env, { algorithm, nodeEnv: 'production', dataDir: '/nonexistent' }, problems);
  expect(problems).toEqual([]);
  return resolved!.ring;
}

const ecPairs = [ecKeyPair(), ecKeyPair(), ecKeyPair(), ecKeyPair()];
const rsaPairs = [rsaKeyPair(), rsaKeyPair(), rsaKeyPair()];
const rings = {
  ES256: ringOf('ES256', ecPairs),
  RS256: ringOf('RS256', rsaPairs),
  PS256: ringOf('PS256', rsaPairs),
};

describe.each(Object.entries(rings))('the JWKS of an %s ring', (algorithm, ring) => {
  const pairs = algorithm === 'ES256' ? ecPairs : rsaPairs;
  const { document, body } = buildJwks(ring);

  test('lists current, next and previous keys, in that order, each with kty, kid, alg and use "sig"', () => {
    expect(document.keys.map((key) => key.kid)).toEqual(pairs.map((pair) => jwkThumbprint(pair.publicKey)));
    for (const key of document.keys) {
      expect(key).toMatchObject({ kty: algorithm === 'ES256' ? 'EC' : 'RSA', alg: algorithm, use: 'sig' });
    }
  });

  test('carries the public parameters and nothing else', () => {
    const expected = algorithm === 'ES256' ? ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'] : ['alg', 'e', 'kid', 'kty', 'n', 'use'];
    for (const key of JSON.parse(body).keys) expect(Object.keys(key).sort()).toEqual(expected);
  });

  test.each(PRIVATE_JWK_MEMBERS)('no key has a "%s" member, in the document or in the body served', (member) => {
    for (const key of document.keys) expect(key).not.toHaveProperty(member);
    for (const key of JSON.parse(body).keys) expect(key).not.toHaveProperty(member);
  });

  test('a consumer can import the published current key and verify a token we signed', () => {
    const signing = signingKeyOf(ring);
    const token = jwt.sign({ sub: 'u1' }, signing.key, { algorithm: ring.algorithm, keyid: signing.kid });
    const published = JSON.parse(body).keys.find((key: { kid: string }) => key.kid === signing.kid) as JsonWebKey;
    const key = createPublicKey({ key: published, format: 'jwk' });
    expect(jwt.verify(token, key, { algorithms: [ring.algorithm] })).toMatchObject({ sub: 'u1' });
  });
});

describe('the JWKS ETag', () => {
  test('is the quoted base64url SHA-256 of the body served', () => {
    const { body, etag } = buildJwks(rings.ES256);
    expect(etag).toBe(`"${createHash('sha256').update(body).digest('base64url')}"`);
  });

  test('is the same for the same keys (every instance, every restart) and changes with them', () => {
    expect(buildJwks(ringOf('ES256', ecPairs)).etag).toBe(buildJwks(rings.ES256).etag);
    const rotated = ringOf('ES256', [ecPairs[1], ecKeyPair(), ecPairs[0], ecPairs[2]]);
    expect(buildJwks(rotated).etag).not.toBe(buildJwks(rings.ES256).etag);
    // The same keys under another algorithm name publish another "alg".
    expect(buildJwks(rings.PS256).etag).not.toBe(buildJwks(rings.RS256).etag);
  });
});

describe('HTTP caching of the JWKS', () => {
  const etag = '"abc"';
  test.each([
    [undefined, false],
    ['', false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc" ', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
    ['"x", "y"', false],
  ])('If-None-Match %p matches: %p', (header, hits) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hits);
  });

  test('Cache-Control is public with the max-age', () => {
    expect(jwksCacheControl(300)).toBe('public, max-age=300');
  });

  test.each([
    [{}, 300],
    [{ JWKS_MAX_AGE: '' }, 300],
    [{ JWKS_MAX_AGE: '0' }, 0],
    [{ JWKS_MAX_AGE: ' 60 ' }, 60],
    [{ JWKS_MAX_AGE: '86400' }, 86_400],
  ])('JWKS_MAX_AGE %p is %p seconds', (env, seconds) => {
    const problems: string[] = [];
    expect(readJwksMaxAge(env, problems)).toBe(seconds);
    expect(problems).toEqual([]);
  });

  test.each(['-1', '5m', '1.5', '86401', 'abc'])('JWKS_MAX_AGE=%p is one problem line', (value) => {
    const problems: string[] = [];
    expect(readJwksMaxAge({ JWKS_MAX_AGE: value }, problems)).toBe(300);
    expect(problems).toEqual([`JWKS_MAX_AGE must be a whole number from 0 to 86400 (got "${value.trim()}")`]);
  });
});
