import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { HashingPool } from '../../src/auth/passwords/hashing.pool';
import { HASHING_WORKER_NICENESS } from '../../src/auth/passwords/hashing.worker-source';
import { PasswordHasher } from '../../src/auth/passwords/password.hasher';
import type { PasswordHashConfig } from '../../src/config/password-hash.config';

const bcrypt = (cost: number): PasswordHashConfig => ({ algorithm: 'bcrypt', bcryptCost: cost, argon2: { memoryKib: 1024, timeCost: 1, parallelism: 1 } });
const argon2id = (memoryKib: number, timeCost: number): PasswordHashConfig => ({ algorithm: 'argon2id', bcryptCost: 4, argon2: { memoryKib, timeCost, parallelism: 1 } });

// bcrypt and Argon2id run in worker threads: the event loop keeps serving requests while a login is hashed.
describe('password hashing in worker threads', () => {
  const pool = new HashingPool(2);
  afterAll(() => pool.close());

  test.each([
    ['bcrypt', bcrypt(4), /^\$2[aby]\$04\$/],
    ['argon2id', argon2id(1024, 1), /^\$argon2id\$v=19\$m=1024,t=1,p=1\$/],
  ])('%s: hash and verify agree, NFKC-normalised; a wrong password and the dummy compare are false', async (_name, config, format) => {
    const hasher = new PasswordHasher(config, pool);
    const hash = await hasher.hash('ﬁne password'); // the ligature normalises to "fi"
    expect(hash).toMatch(format);
    await expect(hasher.verify('fine password', hash)).resolves.toBe(true);
    await expect(hasher.verify('wrong password', hash)).resolves.toBe(false);
    await expect(hasher.verifyAgainstDummy('fine password')).resolves.toBe(false);
  });

  test.each([
    ['bcrypt cost 12', bcrypt(12)],
    ['Argon2id at OWASP parameters', argon2id(19_456, 2)],
  ])('while a %s hash runs, the event loop keeps turning (the hash is not on it)', async (_name, config) => {
    const hasher = new PasswordHasher(config, pool);
    await hasher.hash('warm up the workers');
    // Count event-loop turns between starting the hashes and their results. A hash on the event loop (bcryptjs's
    // chunks of ~100 ms, a synchronous Argon2id) leaves a handful of turns at most; in a worker the loop spins freely.
    // A count, not a duration: the stall figures live in `npm run bench`, where timing is measured, not asserted.
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    await Promise.all([hasher.hash('first password'), hasher.hash('second password'), hasher.hash('third password'), hasher.hash('fourth')]);
    spinning = false;
    expect(turns).toBeGreaterThan(100);
  });

  test('many concurrent tasks all complete on a pool of two', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.hash(`password ${i}`, { algorithm: 'bcrypt', cost: 4 })));
    expect(new Set(results).size).toBe(8);
    expect(pool.size).toBe(2);
  });

  const linux = existsSync('/proc/thread-self');
  (linux ? test : test.skip)(
    `${linux ? '' : 'SKIPPED (needs Linux per-thread nice values): '}the hashing threads run at a lower priority than the event loop`,
    async () => {
      await pool.hash('started', { algorithm: 'argon2id', argon2: { memoryKib: 1024, timeCost: 1, parallelism: 1 } });
      const niceOf = (threadId: string): number => {
        const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19 of proc(5)
      };
      const threads = readdirSync('/proc/self/task').map(niceOf);
      // Nice values only go up without privileges: a process already started nicer keeps its own.
      const expected = Math.max(HASHING_WORKER_NICENESS, niceOf(String(process.pid)));
      expect(threads.filter((nice) => nice === expected).length).toBeGreaterThanOrEqual(pool.size);
    },
  );

  test('a closed pool refuses new work', async () => {
    const closed = new HashingPool(1);
    await closed.close();
    await expect(closed.hash('password', { algorithm: 'bcrypt', cost: 4 })).rejects.toThrow(/closed/);
  });
});
