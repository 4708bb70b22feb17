import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { dataEncryptionKeyFileOf, parseDataKey } from '../../src/mfa/data-encryption-key';
import { SecretBox } from '../../src/mfa/secret-box';
import { configProblemsOf } from '../support/config-problems';

const tmp = mkdtempSync(path.join(tmpdir(), 'tokengate-mfa-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let count = 0;
const freshDataDir = () => path.join(tmp, `data-${++count}`);
const SECRET = 'a-jwt-secret-that-is-long-enough-for-hs256!';
const base = { JWT_SECRET: SECRET, NODE_ENV: 'test' };

describe('2FA configuration', () => {
  test('defaults: issuer "tokengate", no role required, 10 wrong codes per user per hour, 5 per challenge', () => {
    const { mfa } = loadConfig(base);
    expect(mfa.issuer).toBe('tokengate');
    expect(mfa.requiredForRoles).toEqual([]);
    expect(mfa.rateLimits).toEqual({ mfaPerUser: { points: 10, durationSeconds: 3600 }, mfaPerChallenge: { points: 5, durationSeconds: 600 } });
  });

  test('reads TOTP_ISSUER, MFA_REQUIRED_FOR_ROLES and RATE_LIMIT_MFA_PER_USER', () => {
    const { mfa } = loadConfig({ ...base, TOTP_ISSUER: ' Acme ', MFA_REQUIRED_FOR_ROLES: ' ADMIN ,USER', RATE_LIMIT_MFA_PER_USER: '3/15m' });
    expect(mfa).toMatchObject({ issuer: 'Acme', requiredForRoles: ['ADMIN', 'USER'], rateLimits: { mfaPerUser: { points: 3, durationSeconds: 900 } } });
    expect(loadConfig({ ...base, RATE_LIMIT_MFA_PER_USER: 'off' }).mfa.rateLimits.mfaPerUser).toBeUndefined();
  });

  test.each([
    [{ MFA_REQUIRED_FOR_ROLES: 'ADMIN,ROOT' }, 'MFA_REQUIRED_FOR_ROLES must list known roles, comma-separated (unknown: ROOT)'],
    [{ TOTP_ISSUER: 'Acme:Auth' }, 'TOTP_ISSUER must be at most 64 characters'],
    [{ RATE_LIMIT_MFA_PER_USER: 'ten' }, 'RATE_LIMIT_MFA_PER_USER must be attempts per duration'],
    [{ DATA_ENCRYPTION_KEY: randomBytes(31).toString('base64') }, 'DATA_ENCRYPTION_KEY must be 32 bytes'],
    [{ DATA_ENCRYPTION_PREVIOUS_KEYS: 'x' }, 'DATA_ENCRYPTION_PREVIOUS_KEYS must be comma-separated keys of 32 bytes'],
  ])('%p is one problem line naming the variable', (env, line) => {
    const problems = configProblemsOf({ ...base, ...env } as Record<string, string>);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(line);
  });

  test('a key is accepted as 64 hex digits, base64 or base64url, padded or not', () => {
    const bytes = randomBytes(32);
    const forms = [bytes.toString('hex'), bytes.toString('hex').toUpperCase(), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('base64').replace(/=$/, '')];
    for (const form of forms) expect(parseDataKey(form)?.export().equals(bytes)).toBe(true);
  });

  test('NODE_ENV=test without a key: a key in memory, nothing written', () => {
    const dataDir = freshDataDir();
    const { mfa } = loadConfig({ ...base, DATA_DIR: dataDir });
    const box = new SecretBox(mfa.keys);
    expect(box.open(box.seal('secret', 'ctx'), 'ctx').plaintext).toBe('secret');
    expect(existsSync(dataDir)).toBe(false);
  });

  test('development without a key: made on first use under <DATA_DIR>/keys (0600, folder 0700), the same after a restart', () => {
    const dataDir = freshDataDir();
    const env = { JWT_SECRET: SECRET, NODE_ENV: 'development', DATA_DIR: dataDir };
    const first = loadConfig(env);
    // Loading the configuration writes nothing: only the first use does.
    expect(existsSync(dataDir)).toBe(false);
    expect(first.mfa.keys.message).toContain(dataEncryptionKeyFileOf(dataDir));
    const sealed = new SecretBox(first.mfa.keys).seal('JBSWY3DPEHPK3PXP', 'totp-secret:u1');
    const file = dataEncryptionKeyFileOf(dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const restarted = new SecretBox(loadConfig(env).mfa.keys);
    expect(restarted.open(sealed, 'totp-secret:u1')).toEqual({ plaintext: 'JBSWY3DPEHPK3PXP', stale: false });
  });

  test('production without a key: 2FA unavailable (a warning, not a problem), unless a role requires it', () => {
    const { mfa } = loadConfig({ JWT_SECRET: SECRET, NODE_ENV: 'production', STORE: 'memory', MAIL_TRANSPORT: 'disabled' });
    expect(new SecretBox(mfa.keys).available).toBe(false);
    expect(mfa.keys.message).toMatch(/DATA_ENCRYPTION_KEY is not set: two-factor authentication is unavailable/);
    expect(configProblemsOf({ JWT_SECRET: SECRET, NODE_ENV: 'production', STORE: 'memory', MAIL_TRANSPORT: 'disabled', MFA_REQUIRED_FOR_ROLES: 'ADMIN' })).toEqual([
      'DATA_ENCRYPTION_KEY is required when MFA_REQUIRED_FOR_ROLES is set (without it no one could enrol in 2FA)',
    ]);
  });
});

describe('SecretBox (AES-256-GCM)', () => {
  const keysOf = (current: string, previous: string[] = []) =>
    loadConfig({ ...base, DATA_ENCRYPTION_KEY: current, DATA_ENCRYPTION_PREVIOUS_KEYS: previous.join(',') }).mfa.keys;
  const k1 = randomBytes(32).toString('hex');
  const k2 = randomBytes(32).toString('hex');

  test('each seal is different (random IV); altered data, another context or an unknown key does not open', () => {
    const box = new SecretBox(keysOf(k1));
    const a = box.seal('secret', 'ctx');
    expect(box.seal('secret', 'ctx')).not.toBe(a);
    expect(a).not.toContain('secret');
    expect(() => box.open(a, 'other')).toThrow();
    const parts = a.split('.');
    parts[3] = Buffer.from('SECRET').toString('base64url');
    expect(() => box.open(parts.join('.'), 'ctx')).toThrow();
    expect(() => new SecretBox(keysOf(k2)).open(a, 'ctx')).toThrow(/unknown key/);
  });

  test('a previous key opens what it sealed, marked stale for re-encryption', () => {
    const sealed = new SecretBox(keysOf(k1)).seal('secret', 'ctx');
    expect(new SecretBox(keysOf(k2, [k1])).open(sealed, 'ctx')).toEqual({ plaintext: 'secret', stale: true });
  });
});
