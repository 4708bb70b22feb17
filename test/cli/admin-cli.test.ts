import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, useBuiltApp } from '../support/built-app';
import { mongoAvailability, uniqueDatabaseUri } from '../support/mongo-availability';

// The embedded MongoDB cannot start in this file's in-process test of STORE=auto (spawned CLIs are unaffected).
jest.mock('../../src/stores/mongo/embedded-mongo', () => ({
  startEmbeddedMongo: jest.fn(async () => {
    throw new Error('no mongod binary here');
  }),
}));

import { main, SHARED_STORE_REQUIRED } from '../../src/cli/admin';

// The real CLI, `node <build>/cli/admin.js` as `npm run admin --` runs it: exit codes, stdout, stderr.
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const build = useBuiltApp();
const cwd = mkdtempSync(path.join(tmpdir(), 'tokengate-admin-cli-')); // no .env of a developer's
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [path.join(build(), 'cli/admin.js'), ...args],
      { cwd, env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', BCRYPT_COST: '4', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe('npm run admin', () => {
  test('package.json runs the built CLI after a build', () => {
    const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.admin).toBe('npm run build --silent && node dist/cli/admin.js');
    expect(existsSync(path.join(build(), 'cli/admin.js'))).toBe(true);
  });

  test.each([
    [[], /no command given/],
    [['grant-everything'], /unknown command "grant-everything"/],
    [['promote'], /promote needs --email <address>/],
    [['list-admins', '--verbose'], /Unknown option '--verbose'/],
  ])('%j: exit code 2, the reason and the usage on stderr, nothing on stdout', async (args, message) => {
    const run = await cli(args, { STORE: 'memory' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('Usage: npm run admin -- <command>');
    expect(run.stdout).toBe('');
  });

  test.each([
    ['list-admins', ['list-admins']],
    ['create-admin', ['create-admin', '--email', 'root@example.com']],
  ])('%s with STORE=memory is refused (exit 1): a throw-away store would only pretend to succeed', async (_name, args) => {
    const run = await cli(args, { STORE: 'memory', ADMIN_PASSWORD: 'the operator types this' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`tokengate admin: refused: STORE=memory: ${SHARED_STORE_REQUIRED}\n`);
    expect(run.stdout).toBe('');
  });

  test('an invalid configuration stops it with the variable named (exit 1)', async () => {
    const run = await cli(['list-admins'], { STORE: 'memory', BCRYPT_COST: '99' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/BCRYPT_COST must be a whole number from 4 to 15/);
  });

  test('STORE=auto that falls back to memory is refused too', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await expect(main(['list-admins'], { STORE: 'auto', LOG_LEVEL: 'silent', DATA_DIR: path.join(cwd, 'data') })).resolves.toBe(1);
      expect(stderr).toHaveBeenCalledWith(`tokengate admin: refused: no MongoDB could be opened (STORE=auto fell back to memory): ${SHARED_STORE_REQUIRED}\n`);
    } finally {
      stderr.mockRestore();
    }
  });
});

// With a MongoDB (MONGODB_TEST_URI, or mongodb-memory-server), the commands run end to end.
const mongo = mongoAvailability();
(mongo.available ? describe : describe.skip)(
  `npm run admin against MongoDB${mongo.available ? '' : ` — skipped: ${mongo.reason}`}`,
  () => {
    const env = () => ({ MONGODB_URI: uniqueDatabaseUri(mongo.available ? mongo.uri : '', 'admincli') });

    test('create-admin (password on stdin), list-admins, demote of the last ADMIN, promote, revoke-sessions', async () => {
      const db = env();
      const created = await cli(['create-admin', '--email', 'Root@Example.com'], db, 'the operator types this\n');
      expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created root@example\.com with roles USER,ADMIN \(id \w+\)\n$/) });
      expect((await cli(['list-admins'], db)).stdout).toMatch(/^root@example\.com \(id \w+, since .+\)\n$/);

      const refused = await cli(['demote', '--email', 'root@example.com'], db);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/root@example\.com is the last ADMIN: promote another user first, or add --force/);

      expect((await cli(['promote', '--email', 'nobody@example.com'], db)).code).toBe(1);
      expect((await cli(['revoke-sessions', '--email', 'root@example.com'], db)).stdout).toMatch(/^revoked every session of root@example\.com/);
      expect((await cli(['check-emails'], db)).stdout).toMatch(/^1 accounts checked: 0 in a legacy form/);
    });

    test('create-admin without a password on stdin or ADMIN_PASSWORD fails (exit 1)', async () => {
      const run = await cli(['create-admin', '--email', 'root@example.com'], env(), '');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/no password: set ADMIN_PASSWORD or pipe it on stdin/);
    });
  },
);
