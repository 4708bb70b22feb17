import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AsymmetricAlgorithm } from '../../src/keys/algorithms';
import { developmentKeyFileOf, keysDirectoryOf } from '../../src/keys/development-keys';
import { internalHmacFileOf, resolveInternalHmacSecret } from '../../src/keys/internal-hmac-key';
import { jwkThumbprint } from '../../src/keys/jwk';
import { createPrivateFile } from '../../src/keys/private-files';
import { resolveSigningKeys } from '../../src/keys/signing-keys';
import { parsePemKey } from '../../src/keys/pem';
import { temporaryDirectory } from './support/key-material';

const tmp = temporaryDirectory('dev-keys');
afterAll(() => tmp.remove());
let count = 0;
const freshDataDir = () => path.join(tmp.dir, `data-${++count}`);
const modeOf = (file: string) => statSync(file).mode & 0o777;

function start(nodeEnv: 'development' | 'test' | 'production', dataDir: string, algorithm: AsymmetricAlgorithm = 'ES256') {
  const problems: string[] = [];
  const resolved = resolveSigningKeys({}, { algorithm, nodeEnv, dataDir }, problems);
  return { resolved, problems };
}

describe('development without a key', () => {
  test('generates one for the algorithm under <DATA_DIR>/keys (file 0600, folder 0700) and says so', () => {
    const dataDir = freshDataDir();
    const { resolved, problems } = start('development', dataDir);
    const file = developmentKeyFileOf(dataDir, 'ES256');
    expect(problems).toEqual([]);
    expect(file).toBe(path.join(dataDir, 'keys', 'development-es256.pem'));
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(keysDirectoryOf(dataDir))).toBe(0o700);
    const stored = parsePemKey(readFileSync(file, 'utf8'), 'private');
    expect(stored.ok && jwkThumbprint(stored.key)).toBe(resolved?.ring.current.kid);
    expect(resolved?.message).toBe(
      `JWT_PRIVATE_KEY is not set: ES256 access tokens are signed with the development key ${resolved?.ring.current.kid}, ` +
        `generated now and kept in ${file} so that restarts keep tokens valid`,
    );
  });

  test('a restart signs with the same key, so tokens stay valid', () => {
    const dataDir = freshDataDir();
    const first = start('development', dataDir).resolved!;
    const second = start('development', dataDir).resolved!;
    expect(second.ring.current.kid).toBe(first.ring.current.kid);
    expect(second.message).toContain(`the development key ${first.ring.current.kid}, kept in`);
  });

  test('each algorithm keeps its own key, so switching back finds the old one', () => {
    const dataDir = freshDataDir();
    const es256 = start('development', dataDir, 'ES256').resolved!.ring.current.kid;
    const rs256 = start('development', dataDir, 'RS256').resolved!;
    expect(rs256.ring.current.publicKey.asymmetricKeyType).toBe('rsa');
    expect(existsSync(developmentKeyFileOf(dataDir, 'RS256'))).toBe(true);
    expect(start('development', dataDir, 'ES256').resolved!.ring.current.kid).toBe(es256);
  });

  test('an existing keys folder that others can read is tightened to 0700', () => {
    const dataDir = freshDataDir();
    mkdirSync(keysDirectoryOf(dataDir), { recursive: true });
    chmodSync(keysDirectoryOf(dataDir), 0o755);
    start('development', dataDir);
    expect(modeOf(keysDirectoryOf(dataDir))).toBe(0o700);
  });

  test('a damaged development key file is one line naming DATA_DIR, not a silent new key', () => {
    const dataDir = freshDataDir();
    const file = developmentKeyFileOf(dataDir, 'ES256');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'garbage');
    const { resolved, problems } = start('development', dataDir);
    expect(resolved).toBeUndefined();
    expect(problems).toEqual([`DATA_DIR (${dataDir}): the development key ${file} is not a PEM key (no -----BEGIN PRIVATE KEY----- block)`]);
  });

  test('a DATA_DIR where nothing can be written is one line naming DATA_DIR', () => {
    const dataDir = tmp.file(`not-a-directory-${++count}`, 'a file');
    const { problems } = start('development', dataDir);
    expect(problems).toEqual([
      `DATA_DIR (${dataDir}): the development signing key cannot be kept in ${developmentKeyFileOf(dataDir, 'ES256')} (ENOTDIR)`,
    ]);
  });
});

describe('NODE_ENV=test without a key', () => {
  test('generates a key in memory and never writes to disk', () => {
    const dataDir = freshDataDir();
    const first = start('test', dataDir);
    const second = start('test', dataDir);
    expect(first.problems).toEqual([]);
    expect(existsSync(dataDir)).toBe(false);
    expect(first.resolved!.ring.current.kid).not.toBe(second.resolved!.ring.current.kid);
    expect(first.resolved!.message).toBe(
      `JWT_PRIVATE_KEY is not set: ES256 access tokens are signed with key ${first.resolved!.ring.current.kid}, ` +
        'generated in memory for this process (NODE_ENV=test); they die with it',
    );
  });
});

describe('production without a key', () => {
  test('is a problem line and writes nothing', () => {
    const dataDir = freshDataDir();
    expect(start('production', dataDir).problems).toEqual([
      'JWT_PRIVATE_KEY_FILE or JWT_PRIVATE_KEY is required when NODE_ENV=production and JWT_ALGORITHM=ES256',
    ]);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('createPrivateFile', () => {
  test('creates a 0600 file and never replaces an existing one', () => {
    const file = path.join(tmp.dir, 'private-file');
    expect(createPrivateFile(file, 'first')).toBe(true);
    expect(createPrivateFile(file, 'second')).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(modeOf(file)).toBe(0o600);
  });
});

describe('resolveInternalHmacSecret (refresh tokens under an asymmetric algorithm)', () => {
  const resolveSecret = (jwtSecret: string | undefined, nodeEnv: 'development' | 'test' | 'production', dataDir: string) => {
    const problems: string[] = [];
    return { ...resolveInternalHmacSecret({ jwtSecret, nodeEnv, dataDir }, problems), problems };
  };

  test('JWT_SECRET wins, in every environment, and nothing is written', () => {
    const dataDir = freshDataDir();
    for (const nodeEnv of ['development', 'test', 'production'] as const) {
      expect(resolveSecret('s'.repeat(40), nodeEnv, dataDir)).toEqual({ secret: 's'.repeat(40), message: undefined, problems: [] });
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  test('development keeps a generated secret under <DATA_DIR>/keys (0600), the same after a restart', () => {
    const dataDir = freshDataDir();
    const first = resolveSecret(undefined, 'development', dataDir);
    const file = internalHmacFileOf(dataDir);
    expect(first.problems).toEqual([]);
    expect(Buffer.byteLength(first.secret)).toBeGreaterThanOrEqual(32);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(keysDirectoryOf(dataDir))).toBe(0o700);
    expect(first.message).toBe(`JWT_SECRET is not set: using the development secret generated now and kept in ${file}, so that restarts keep tokens valid`);
    expect(first.message).not.toContain(first.secret);
    const second = resolveSecret(undefined, 'development', dataDir);
    expect(second.secret).toBe(first.secret);
    expect(second.message).toBe(`JWT_SECRET is not set: using the development secret kept in ${file}, so that restarts keep tokens valid`);
  });

  test('a development secret file too short to be a key is one line naming DATA_DIR', () => {
    const dataDir = freshDataDir();
    mkdirSync(keysDirectoryOf(dataDir), { recursive: true });
    writeFileSync(internalHmacFileOf(dataDir), 'short\n');
    expect(resolveSecret(undefined, 'development', dataDir).problems).toEqual([
      `DATA_DIR (${dataDir}): ${internalHmacFileOf(dataDir)} holds less than 32 bytes; delete it and a new secret is generated`,
    ]);
  });

  test('NODE_ENV=test gets a secret for the process and writes nothing', () => {
    const dataDir = freshDataDir();
    const first = resolveSecret(undefined, 'test', dataDir);
    expect(first.problems).toEqual([]);
    expect(first.secret).not.toBe(resolveSecret(undefined, 'test', dataDir).secret);
    expect(existsSync(dataDir)).toBe(false);
  });

  test('production without JWT_SECRET is a problem line', () => {
    expect(resolveSecret(undefined, 'production', freshDataDir()).problems).toEqual(['JWT_SECRET is required when NODE_ENV=production']);
  });
});
