import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { configProblemsOf } from '../support/config-problems';
import { ecKeyPair, rsaKeyPair, temporaryDirectory } from './support/key-material';

// JWT_ALGORITHM=RS256/PS256/ES256 through loadConfig, the one reader of the environment: what starts, what is refused.
const tmp = temporaryDirectory('asymmetric-config');
afterAll(() => tmp.remove());

const SECRET = 'an-asymmetric-config-test-secret-of-32-bytes';
/** Production with a published key also needs PUBLIC_URL (the issuer and the discovery document's URLs). */
const PRODUCTION = { NODE_ENV: 'production', STORE: 'memory', PUBLIC_URL: 'https://auth.example.com', MAIL_TRANSPORT: 'disabled' } as const;
const ec = ecKeyPair();
const rsa = rsaKeyPair();
const weakRsa = rsaKeyPair(1024);
const files = {
  ec: tmp.file('ec.pem', ec.privatePem),
  rsa: tmp.file('rsa.pem', rsa.privatePem),
  weakRsa: tmp.file('weak.pem', weakRsa.privatePem),
};

describe('loadConfig with an asymmetric JWT_ALGORITHM', () => {
  test('JWT_ISSUER defaults to PUBLIC_URL (RFC 8414), an explicit one wins, and HMAC keeps "tokengate"', () => {
    const asymmetric = { ...PRODUCTION, JWT_SECRET: SECRET, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY_FILE: files.ec };
    expect(loadConfig(asymmetric).jwt.issuer).toBe('https://auth.example.com');
    expect(loadConfig({ ...asymmetric, JWT_ISSUER: 'https://issuer.example.com' }).jwt.issuer).toBe('https://issuer.example.com');
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: SECRET }).jwt.issuer).toBe('tokengate');
  });

  test('production with an asymmetric algorithm and no PUBLIC_URL is refused with one line', () => {
    const { PUBLIC_URL: _omitted, ...withoutUrl } = PRODUCTION;
    expect(configProblemsOf({ ...withoutUrl, JWT_SECRET: SECRET, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY_FILE: files.ec })).toEqual([
      'PUBLIC_URL is required when NODE_ENV=production and JWT_ALGORITHM=ES256',
    ]);
  });

  test.each([
    ['ES256', files.ec],
    ['RS256', files.rsa],
    ['PS256', files.rsa],
  ])('%s with a fitting key starts: the key signs, its JWKS is built once, the internal secret is JWT_SECRET', (algorithm, file) => {
    const config = loadConfig({ ...PRODUCTION, JWT_SECRET: SECRET, JWT_ALGORITHM: algorithm, JWT_PRIVATE_KEY_FILE: file });
    const keys = config.jwt.signingKeys!;
    expect(config.jwt.algorithm).toBe(algorithm);
    expect(config.jwt.secret).toBe(SECRET);
    expect(keys.ring.algorithm).toBe(algorithm);
    expect(keys.jwks.document.keys).toEqual([expect.objectContaining({ kid: keys.ring.current.kid, alg: algorithm, use: 'sig' })]);
    expect(keys.jwksMaxAgeSeconds).toBe(300);
    expect(keys.messages[0]).toContain(`signed with key ${keys.ring.current.kid} from JWT_PRIVATE_KEY_FILE (${file})`);
    // Deep-frozen, and the KeyObjects still work (they are kept out of the freezing walk).
    expect(Object.isFrozen(keys.ring)).toBe(true);
    expect(keys.ring.current.privateKey.asymmetricKeyType).toBeDefined();
  });

  test('an HMAC algorithm has no signing keys: tokens are signed with JWT_SECRET as before', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, JWT_ALGORITHM: 'HS384' }).jwt.signingKeys).toBeUndefined();
  });

  test('NODE_ENV=test without a key or JWT_SECRET: both made in memory, nothing written under DATA_DIR', () => {
    const dataDir = path.join(tmp.dir, 'test-data');
    const config = loadConfig({ NODE_ENV: 'test', JWT_ALGORITHM: 'ES256', DATA_DIR: dataDir });
    expect(config.jwt.signingKeys?.ring.current.source).toBe('a key generated in memory for this process');
    expect(config.jwt.secret.length).toBeGreaterThanOrEqual(32);
    expect(config.jwt.secretGenerated).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  });

  test('development without a key or JWT_SECRET keeps both under <DATA_DIR>/keys, so a restart signs alike', () => {
    const dataDir = path.join(tmp.dir, 'dev-data');
    const first = loadConfig({ JWT_ALGORITHM: 'ES256', DATA_DIR: dataDir });
    const second = loadConfig({ JWT_ALGORITHM: 'ES256', DATA_DIR: dataDir });
    expect(second.jwt.signingKeys?.ring.current.kid).toBe(first.jwt.signingKeys?.ring.current.kid);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(existsSync(path.join(dataDir, 'keys', 'internal-hmac.secret'))).toBe(true);
    expect(first.jwt.signingKeys?.messages.join('\n')).toMatch(/generated now and kept in .*development-es256\.pem/);
  });

  test.each<[string, Record<string, string>, string]>([
    ['production without a key', { JWT_ALGORITHM: 'ES256' },
      'JWT_PRIVATE_KEY_FILE or JWT_PRIVATE_KEY is required when NODE_ENV=production and JWT_ALGORITHM=ES256'],
    ['a key that does not fit the algorithm', { JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY_FILE: files.rsa },
      `JWT_PRIVATE_KEY_FILE (${files.rsa}) does not fit JWT_ALGORITHM: ES256 needs an EC key on the P-256 curve, not an RSA key`],
    ['a weak RSA key', { JWT_ALGORITHM: 'RS256', JWT_PRIVATE_KEY_FILE: files.weakRsa },
      `JWT_PRIVATE_KEY_FILE (${files.weakRsa}) does not fit JWT_ALGORITHM: RS256 needs an RSA key of at least 2048 bits, not a 1024-bit one`],
    ['an unreadable key file', { JWT_ALGORITHM: 'PS256', JWT_PRIVATE_KEY_FILE: '/nonexistent/key.pem' },
      'JWT_PRIVATE_KEY_FILE (/nonexistent/key.pem) cannot be read (ENOENT)'],
    ['a key with an HMAC algorithm', { JWT_ALGORITHM: 'HS256', JWT_PRIVATE_KEY_FILE: files.ec },
      'JWT_PRIVATE_KEY_FILE is set, but JWT_ALGORITHM=HS256 signs with JWT_SECRET: choose RS256, PS256 or ES256, or unset it'],
    ['a bad JWKS_MAX_AGE', { JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY_FILE: files.ec, JWKS_MAX_AGE: '1w' },
      'JWKS_MAX_AGE must be a whole number from 0 to 86400 (got "1w")'],
  ])('refuses %s in production with one line naming the variable', (_name, env, line) => {
    expect(configProblemsOf({ ...PRODUCTION, JWT_SECRET: SECRET, ...env })).toEqual([line]);
  });

  test('production with an asymmetric algorithm still requires JWT_SECRET (the internal HMAC key)', () => {
    expect(configProblemsOf({ ...PRODUCTION, JWT_ALGORITHM: 'ES256', JWT_PRIVATE_KEY_FILE: files.ec }))
      .toEqual(['JWT_SECRET is required when NODE_ENV=production']);
  });
});
