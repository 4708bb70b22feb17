import { KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import type { SigningAlgorithm } from '../../src/keys/algorithms';
import { jwkThumbprint } from '../../src/keys/jwk';
import { signingKeyOf, verificationKeysOf, type AsymmetricKeyRing } from '../../src/keys/key-ring';
import { resolveSigningKeys, type SigningKeysOptions } from '../../src/keys/signing-keys';
import { ecKeyPair, escapedNewlines, rsaKeyPair, temporaryDirectory } from './support/key-material';

const tmp = temporaryDirectory('signing-keys');
afterAll(() => tmp.remove());

const ec = [ecKeyPair(), ecKeyPair(), ecKeyPair(), ecKeyPair()];
const rsa = rsaKeyPair();
const files = {
  current: tmp.file('current.pem', ec[0].privatePem),
  currentPublic: tmp.file('current.pub.pem', ec[0].publicPem),
  next: tmp.file('next.pem', ec[1].privatePem),
  nextPublic: tmp.file('next.pub.pem', ec[1].publicPem),
  previous1: tmp.file('previous1.pub.pem', ec[2].publicPem),
  previous2: tmp.file('previous2.pub.pem', ec[3].publicPem),
  rsa: tmp.file('rsa.pem', rsa.privatePem),
  rsaPublic: tmp.file('rsa.pub.pem', rsa.publicPem),
};
const kidOf = (pair: { publicKey: KeyObject }) => jwkThumbprint(pair.publicKey);

function resolve(env: Record<string, string>, options: Partial<SigningKeysOptions> = {}) {
  const problems: string[] = [];
  const resolved = resolveSigningKeys(env, { algorithm: 'ES256', nodeEnv: 'test', dataDir: path.join(tmp.dir, 'data'), ...options }, problems);
  return { resolved, ring: resolved?.ring as AsymmetricKeyRing, problems };
}

/** Signs as the token service will (jsonwebtoken, the ring's KeyObjects) and verifies with the key the kid names. */
function signAndVerify(ring: AsymmetricKeyRing): Record<string, unknown> {
  const signing = signingKeyOf(ring);
  const token = jwt.sign({ sub: 'u1' }, signing.key, { algorithm: ring.algorithm, keyid: signing.kid });
  const { kid } = jwt.decode(token, { complete: true })!.header;
  const key = verificationKeysOf(ring).find((candidate) => candidate.kid === kid)!.key;
  return jwt.verify(token, key, { algorithms: [ring.algorithm] }) as Record<string, unknown>;
}

describe('resolveSigningKeys › configured keys', () => {
  test('loads the current key from JWT_PRIVATE_KEY_FILE; its kid is the RFC 7638 thumbprint', () => {
    const { ring, resolved, problems } = resolve({ JWT_PRIVATE_KEY_FILE: files.current });
    expect(problems).toEqual([]);
    expect(ring.current.kid).toBe(kidOf(ec[0]));
    expect(ring.current.privateKey).toBeInstanceOf(KeyObject);
    expect(ring.current.privateKey.type).toBe('private');
    expect(ring.current.publicKey.type).toBe('public');
    expect(ring.next).toBeUndefined();
    expect(ring.previous).toEqual([]);
    expect(resolved?.message).toBe(`ES256 access tokens are signed with key ${kidOf(ec[0])} from JWT_PRIVATE_KEY_FILE (${files.current})`);
  });

  test('loads an inline JWT_PRIVATE_KEY whose line breaks are written as "\\n"', () => {
    const { ring, problems } = resolve({ JWT_PRIVATE_KEY: escapedNewlines(ec[0].privatePem) });
    expect(problems).toEqual([]);
    expect(ring.current.kid).toBe(kidOf(ec[0]));
    expect(ring.current.source).toBe('JWT_PRIVATE_KEY');
  });

  test.each([
    ['RS256', files.rsa],
    ['PS256', files.rsa],
    ['ES256', files.current],
  ] as const)('%s: jsonwebtoken signs and verifies with the KeyObjects made at start', (algorithm, file) => {
    const { ring, problems } = resolve({ JWT_PRIVATE_KEY_FILE: file }, { algorithm });
    expect(problems).toEqual([]);
    expect(signAndVerify(ring)).toMatchObject({ sub: 'u1' });
  });

  test('the keys are read once: deleting the files afterwards changes nothing', () => {
    const own = temporaryDirectory('read-once');
    try {
      const { ring } = resolve({ JWT_PRIVATE_KEY_FILE: own.file('k.pem', ec[0].privatePem) });
      own.remove();
      expect(signingKeyOf(ring).key).toBe(signingKeyOf(ring).key);
      expect(signAndVerify(ring)).toMatchObject({ sub: 'u1' });
    } finally {
      own.remove();
    }
  });

  test('next and previous keys are published and verify; only the current one signs', () => {
    const { ring, resolved, problems } = resolve({
      JWT_PRIVATE_KEY_FILE: files.current,
      JWT_NEXT_PRIVATE_KEY_FILE: files.next,
      JWT_PREVIOUS_PUBLIC_KEY_FILES: `${files.previous1}, ${files.previous2}`,
    });
    expect(problems).toEqual([]);
    expect(ring.next?.kid).toBe(kidOf(ec[1]));
    // The next key's private half is not kept: it signs nothing until promoted.
    expect(ring.next).not.toHaveProperty('privateKey');
    expect(ring.previous.map((key) => key.kid)).toEqual([kidOf(ec[2]), kidOf(ec[3])]);
    expect(verificationKeysOf(ring).map((key) => key.kid)).toEqual(ec.map(kidOf));
    expect(signingKeyOf(ring).kid).toBe(kidOf(ec[0]));
    expect(resolved?.message).toBe(
      `ES256 access tokens are signed with key ${kidOf(ec[0])} from JWT_PRIVATE_KEY_FILE (${files.current}); ` +
        `next key ${kidOf(ec[1])} (JWT_NEXT_PRIVATE_KEY_FILE (${files.next})) is published, not signing yet; ` +
        `previous keys still verify: ${kidOf(ec[2])}, ${kidOf(ec[3])}`,
    );
  });

  test('a token signed by the next key verifies: instances already promoted sign with it during a rolling restart', () => {
    const { ring } = resolve({ JWT_PRIVATE_KEY_FILE: files.current, JWT_NEXT_PRIVATE_KEY_FILE: files.next });
    const promoted = resolve({ JWT_PRIVATE_KEY_FILE: files.next, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.currentPublic }).ring;
    const token = jwt.sign({ sub: 'u1' }, signingKeyOf(promoted).key, { algorithm: 'ES256', keyid: signingKeyOf(promoted).kid });
    const key = verificationKeysOf(ring).find((candidate) => candidate.kid === kidOf(ec[1]))!.key;
    expect(jwt.verify(token, key, { algorithms: ['ES256'] })).toMatchObject({ sub: 'u1' });
  });

  test('inline next and previous keys work too (comma-separated previous keys)', () => {
    const { ring, problems } = resolve({
      JWT_PRIVATE_KEY: escapedNewlines(ec[0].privatePem),
      JWT_NEXT_PRIVATE_KEY: ec[1].privatePem,
      JWT_PREVIOUS_PUBLIC_KEYS: `${escapedNewlines(ec[2].publicPem)},${escapedNewlines(ec[3].publicPem)}`,
    });
    expect(problems).toEqual([]);
    expect(verificationKeysOf(ring).map((key) => key.kid)).toEqual(ec.map(kidOf));
  });
});

describe('resolveSigningKeys › each bad input is one line naming the variable', () => {
  const directory = path.join(tmp.dir, 'a-directory');
  mkdirSync(directory, { recursive: true });
  const missing = path.join(tmp.dir, 'missing.pem');
  const huge = tmp.file('huge.pem', 'A'.repeat(70 * 1024));
  const weakRsa = rsaKeyPair(1024);
  const p384 = ecKeyPair('P-384');
  const publicInPrivate = 'is a public key; a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) is needed';
  const privateInPublic = 'is a private key, which a verify-only setting must not hold; give its public key instead: openssl pkey -in key.pem -pubout';
  const current = { JWT_PRIVATE_KEY_FILE: files.current };

  test.each<[string, Record<string, string>, SigningAlgorithm, string]>([
    ['a missing key file', { JWT_PRIVATE_KEY_FILE: missing }, 'ES256', `JWT_PRIVATE_KEY_FILE (${missing}) cannot be read (ENOENT)`],
    ['a directory as key file', { JWT_PRIVATE_KEY_FILE: directory }, 'ES256', `JWT_PRIVATE_KEY_FILE (${directory}) is not a regular file`],
    ['a huge key file', { JWT_PRIVATE_KEY_FILE: huge }, 'ES256', `JWT_PRIVATE_KEY_FILE (${huge}) is 71680 bytes, too large for a PEM key`],
    ['a missing previous key file', { ...current, JWT_PREVIOUS_PUBLIC_KEY_FILES: `${files.previous1},${missing}` }, 'ES256', `JWT_PREVIOUS_PUBLIC_KEY_FILES (${missing}) cannot be read (ENOENT)`],
    [
      'both JWT_PRIVATE_KEY_FILE and JWT_PRIVATE_KEY',
      { JWT_PRIVATE_KEY_FILE: files.current, JWT_PRIVATE_KEY: ec[0].privatePem },
      'ES256',
      'JWT_PRIVATE_KEY_FILE and JWT_PRIVATE_KEY are both set; set only one of them',
    ],
    [
      'both forms of the next key',
      { ...current, JWT_NEXT_PRIVATE_KEY_FILE: files.next, JWT_NEXT_PRIVATE_KEY: ec[1].privatePem },
      'ES256',
      'JWT_NEXT_PRIVATE_KEY_FILE and JWT_NEXT_PRIVATE_KEY are both set; set only one of them',
    ],
    [
      'both forms of the previous keys',
      { ...current, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.previous1, JWT_PREVIOUS_PUBLIC_KEYS: ec[3].publicPem },
      'ES256',
      'JWT_PREVIOUS_PUBLIC_KEY_FILES and JWT_PREVIOUS_PUBLIC_KEYS are both set; set only one of them',
    ],
    ['a public key as the current key', { JWT_PRIVATE_KEY_FILE: files.currentPublic }, 'ES256', `JWT_PRIVATE_KEY_FILE (${files.currentPublic}) ${publicInPrivate}`],
    ['a public key inline as the next key', { ...current, JWT_NEXT_PRIVATE_KEY: ec[1].publicPem }, 'ES256', `JWT_NEXT_PRIVATE_KEY ${publicInPrivate}`],
    [
      'a PKCS#1 key inline',
      { JWT_PRIVATE_KEY: escapedNewlines(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) },
      'RS256',
      'JWT_PRIVATE_KEY is a PKCS#1 RSA key; a PKCS#8 private key is needed: convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem',
    ],
    ['a private key as a previous key', { ...current, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.next }, 'ES256', `JWT_PREVIOUS_PUBLIC_KEY_FILES (${files.next}) ${privateInPublic}`],
    [
      'a private key among several inline previous keys',
      { ...current, JWT_PREVIOUS_PUBLIC_KEYS: `${escapedNewlines(ec[2].publicPem)},${escapedNewlines(ec[3].privatePem)}` },
      'ES256',
      `JWT_PREVIOUS_PUBLIC_KEYS (key 2) ${privateInPublic}`,
    ],
    [
      'an RSA key with ES256',
      { JWT_PRIVATE_KEY_FILE: files.rsa },
      'ES256',
      `JWT_PRIVATE_KEY_FILE (${files.rsa}) does not fit JWT_ALGORITHM: ES256 needs an EC key on the P-256 curve, not an RSA key`,
    ],
    [
      'a 1024-bit RSA key with RS256',
      { JWT_PRIVATE_KEY: weakRsa.privatePem },
      'RS256',
      'JWT_PRIVATE_KEY does not fit JWT_ALGORITHM: RS256 needs an RSA key of at least 2048 bits, not a 1024-bit one',
    ],
    [
      'an EC next key with PS256',
      { JWT_PRIVATE_KEY_FILE: files.rsa, JWT_NEXT_PRIVATE_KEY_FILE: files.next },
      'PS256',
      `JWT_NEXT_PRIVATE_KEY_FILE (${files.next}) does not fit JWT_ALGORITHM: PS256 needs an RSA key of at least 2048 bits, not an EC key`,
    ],
    [
      'a P-384 previous key with ES256',
      { ...current, JWT_PREVIOUS_PUBLIC_KEYS: p384.publicPem },
      'ES256',
      'JWT_PREVIOUS_PUBLIC_KEYS does not fit JWT_ALGORITHM: ES256 needs an EC key on the P-256 curve, not an EC key on secp384r1',
    ],
    [
      'a previous key equal to the current one',
      { ...current, JWT_PREVIOUS_PUBLIC_KEY_FILES: `${files.previous1},${files.currentPublic}` },
      'ES256',
      `JWT_PREVIOUS_PUBLIC_KEY_FILES (${files.currentPublic}) is the current key (JWT_PRIVATE_KEY_FILE (${files.current})); a previous key must be one that no longer signs`,
    ],
    [
      'a next key equal to the current one',
      { ...current, JWT_NEXT_PRIVATE_KEY: ec[0].privatePem },
      'ES256',
      `JWT_NEXT_PRIVATE_KEY is the current key (JWT_PRIVATE_KEY_FILE (${files.current})); the next key must be a new one`,
    ],
    [
      'a previous key equal to the next one',
      { ...current, JWT_NEXT_PRIVATE_KEY_FILE: files.next, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.nextPublic },
      'ES256',
      `JWT_PREVIOUS_PUBLIC_KEY_FILES (${files.nextPublic}) is the next key (JWT_NEXT_PRIVATE_KEY_FILE (${files.next})); a previous key must be one that no longer signs`,
    ],
    [
      'the same previous key twice',
      { ...current, JWT_PREVIOUS_PUBLIC_KEYS: [ec[2], ec[3], ec[2]].map((pair) => escapedNewlines(pair.publicPem)).join(',') },
      'ES256',
      'JWT_PREVIOUS_PUBLIC_KEYS (key 3) repeats a key listed before it',
    ],
    [
      'six previous keys',
      { ...current, JWT_PREVIOUS_PUBLIC_KEYS: Array.from({ length: 6 }, () => escapedNewlines(ecKeyPair().publicPem)).join(',') },
      'ES256',
      'JWT_PREVIOUS_PUBLIC_KEYS must list at most 5 keys (got 6)',
    ],
    [
      'six previous key files',
      { ...current, JWT_PREVIOUS_PUBLIC_KEY_FILES: Array.from({ length: 6 }, (_, i) => tmp.file(`many-${i}.pub.pem`, ecKeyPair().publicPem)).join(',') },
      'ES256',
      'JWT_PREVIOUS_PUBLIC_KEY_FILES must list at most 5 keys (got 6)',
    ],
    [
      'key variables with an HMAC algorithm',
      { JWT_PRIVATE_KEY_FILE: files.current, JWT_PREVIOUS_PUBLIC_KEYS: ec[2].publicPem },
      'HS256',
      'JWT_PRIVATE_KEY_FILE, JWT_PREVIOUS_PUBLIC_KEYS are set, but JWT_ALGORITHM=HS256 signs with JWT_SECRET: choose RS256, PS256 or ES256, or unset them',
    ],
  ])('%s', (_, env, algorithm, line) => {
    expect(resolve(env, { algorithm }).problems).toEqual([line]);
  });

  test('production without a key refuses to start', () => {
    const { resolved, problems } = resolve({}, { nodeEnv: 'production', algorithm: 'RS256' });
    expect(resolved).toBeUndefined();
    expect(problems).toEqual(['JWT_PRIVATE_KEY_FILE or JWT_PRIVATE_KEY is required when NODE_ENV=production and JWT_ALGORITHM=RS256']);
  });

  test('a broken configured key is never replaced by a generated one, even in development', () => {
    const dataDir = path.join(tmp.dir, 'dev-broken');
    const { resolved, problems } = resolve({ JWT_PRIVATE_KEY_FILE: missing }, { nodeEnv: 'development', dataDir });
    expect(resolved).toBeUndefined();
    expect(problems).toEqual([`JWT_PRIVATE_KEY_FILE (${missing}) cannot be read (ENOENT)`]);
    expect(existsSync(dataDir)).toBe(false);
  });

  test('an HMAC algorithm without key variables needs no ring', () => {
    expect(resolve({}, { algorithm: 'HS512' })).toEqual({ resolved: undefined, ring: undefined, problems: [] });
  });

  afterAll(() => rmSync(directory, { recursive: true, force: true }));
});

describe('the ring in a frozen configuration', () => {
  /** What config.ts does to the configuration it returns: Object.freeze on everything Object.values reaches. */
  function deepFreeze<T extends object>(value: T): T {
    for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child);
    return Object.freeze(value);
  }

  test('still signs and verifies once deep-frozen (a frozen KeyObject would throw on first use)', () => {
    const configured = { JWT_PRIVATE_KEY_FILE: files.current, JWT_NEXT_PRIVATE_KEY_FILE: files.next, JWT_PREVIOUS_PUBLIC_KEY_FILES: files.previous1 };
    for (const env of [configured, {}] as Record<string, string>[]) {
      const { ring } = resolve(env);
      expect(signAndVerify(deepFreeze({ jwt: { ring } }).jwt.ring)).toMatchObject({ sub: 'u1' });
    }
  });

  test('serialises without key handles', () => {
    const { ring } = resolve({ JWT_PRIVATE_KEY_FILE: files.current });
    expect(JSON.parse(JSON.stringify(ring)).current).toEqual({ kid: kidOf(ec[0]), source: `JWT_PRIVATE_KEY_FILE (${files.current})` });
  });
});
