import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { PASSWORD_HASH_DEFAULTS } from '../../src/config/password-hash.config';
import { useBuiltApp } from '../support/built-app';
import { configProblemsOf } from '../support/config-problems';
import { startServerProcess, type ServerProcess } from '../support/server-process';

// Issue 16: PASSWORD_HASH, ARGON2_MEMORY_KIB and ARGON2_TIME_COST; a bad value refuses the start with one line.
const SECRET = { JWT_SECRET: 'password-hash-config-secret-of-32-bytes-or-more' };

describe('password hashing configuration', () => {
  test("defaults: Argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane); BCRYPT_COST still read", () => {
    expect(loadConfig(SECRET).passwordHash).toEqual({
      algorithm: 'argon2id',
      argon2: { memoryKib: 19_456, timeCost: 2, parallelism: 1 },
      bcryptCost: 12,
    });
    expect(loadConfig({ ...SECRET, PASSWORD_HASH: 'bcrypt', BCRYPT_COST: '11', ARGON2_MEMORY_KIB: '65536', ARGON2_TIME_COST: '3' }).passwordHash).toEqual({
      algorithm: 'bcrypt',
      argon2: { memoryKib: 65_536, timeCost: 3, parallelism: 1 },
      bcryptCost: 11,
    });
  });

  test.each([
    ['PASSWORD_HASH', 'scrypt', 'PASSWORD_HASH must be one of argon2id, bcrypt (got "scrypt")'],
    ['PASSWORD_HASH', 'Argon2id', 'PASSWORD_HASH must be one of argon2id, bcrypt (got "Argon2id")'],
    ['ARGON2_MEMORY_KIB', '1023', 'ARGON2_MEMORY_KIB must be a whole number from 1024 to 1048576 (got "1023")'],
    ['ARGON2_MEMORY_KIB', '1048577', 'ARGON2_MEMORY_KIB must be a whole number from 1024 to 1048576 (got "1048577")'],
    ['ARGON2_MEMORY_KIB', '19MiB', 'ARGON2_MEMORY_KIB must be a whole number from 1024 to 1048576 (got "19MiB")'],
    ['ARGON2_TIME_COST', '0', 'ARGON2_TIME_COST must be a whole number from 1 to 10 (got "0")'],
    ['ARGON2_TIME_COST', '11', 'ARGON2_TIME_COST must be a whole number from 1 to 10 (got "11")'],
  ])('%s=%p is refused with one line naming it', (name, value, line) => {
    expect(configProblemsOf({ ...SECRET, [name]: value })).toEqual([line]);
  });

  test('ADMIN_PASSWORD is held to the configured algorithm: 73 bytes pass with Argon2id, not with bcrypt', () => {
    const admin = { ...SECRET, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: `${'ab'.repeat(36)}c` };
    expect(loadConfig(admin).admin?.password).toBe(admin.ADMIN_PASSWORD);
    expect(configProblemsOf({ ...admin, PASSWORD_HASH: 'bcrypt' })).toEqual(['ADMIN_PASSWORD: Password must be at most 72 bytes long (UTF-8)']);
  });

  describe('documentation', () => {
    const root = path.join(__dirname, '../..');
    const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    test.each(Object.entries(PASSWORD_HASH_DEFAULTS))('.env.example sets %s to its default %p, and README\'s configuration table has it', (name, value) => {
      expect(envExample).toMatch(new RegExp(`^${name}=${value}$`, 'm'));
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\| \`${value}\``, 'm'));
    });
  });

  describe('real start-ups', () => {
    const build = useBuiltApp();
    let running: ServerProcess | undefined;
    afterEach(async () => {
      await running?.stop();
      running = undefined;
    });

    test.each([
      [{ PASSWORD_HASH: 'md5' }, /exited with code 1:[\s\S]*PASSWORD_HASH must be one of argon2id, bcrypt \(got "md5"\)/],
      [{ ARGON2_MEMORY_KIB: '64' }, /exited with code 1:[\s\S]*ARGON2_MEMORY_KIB must be a whole number from 1024 to 1048576 \(got "64"\)/],
      [{ ARGON2_TIME_COST: '50' }, /exited with code 1:[\s\S]*ARGON2_TIME_COST must be a whole number from 1 to 10 \(got "50"\)/],
    ])('%p refuses to start, naming the variable', async (env, message) => {
      running = await startServerProcess(build(), env);
      await expect(running.ready()).rejects.toThrow(message);
    });

    test('the default starts, and registers with Argon2id', async () => {
      running = await startServerProcess(build(), { PASSWORD_HASH: 'argon2id' });
      const url = await running.ready();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ authSettings { passwordMaxBytes } }' }),
      });
      expect(await response.json()).toEqual({ data: { authSettings: { passwordMaxBytes: 1024 } } });
    });
  });
});
