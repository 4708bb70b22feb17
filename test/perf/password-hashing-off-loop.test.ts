import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BcryptPool } from '../../src/auth/passwords/bcrypt.pool';
import { BCRYPT_WORKER_NICENESS } from '../../src/auth/passwords/bcrypt.worker-source';
import { PasswordHasher } from '../../src/auth/passwords/password.hasher';

// bcrypt runs in worker threads: the event loop keeps serving requests while a login is hashed.
describe('password hashing in worker threads', () => {
  const pool = new BcryptPool(2);
  afterAll(() => pool.close());

  test('hash and verify agree, NFKC-normalised; a wrong password and the dummy compare are false', async () => {
    const hasher = new PasswordHasher(4, pool);
    const hash = await hasher.hash('ﬁne password'); // the ligature normalises to "fi"
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    await expect(hasher.verify('fine password', hash)).resolves.toBe(true);
    await expect(hasher.verify('wrong password', hash)).resolves.toBe(false);
    await expect(hasher.verifyAgainstDummy('fine password')).resolves.toBe(false);
  });

  test('a cost-12 hash does not stall the event loop: the longest stall is a small fraction of the hash', async () => {
    const hasher = new PasswordHasher(12, pool);
    await hasher.hash('warm up the workers');
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    await Promise.all([hasher.hash('first password'), hasher.hash('second password')]);
    const hashMs = performance.now() - started;
    delay.disable();
    const longestStallMs = delay.max / 1e6;
    // In-thread bcryptjs blocks in chunks of up to ~100 ms; a cost-12 hash takes a few hundred.
    expect(longestStallMs / hashMs).toBeLessThan(0.1);
  });

  test('many concurrent tasks all complete on a pool of two', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.hash(`password ${i}`, 4)));
    expect(new Set(results).size).toBe(8);
    expect(pool.size).toBe(2);
  });

  const linux = existsSync('/proc/thread-self');
  (linux ? test : test.skip)(
    `${linux ? '' : 'SKIPPED (needs Linux per-thread nice values): '}the bcrypt threads run at a lower priority than the event loop`,
    async () => {
      await pool.hash('started', 4);
      const niceOf = (threadId: string): number => {
        const stat = readFileSync(`/proc/self/task/${threadId}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19 of proc(5)
      };
      const threads = readdirSync('/proc/self/task').map(niceOf);
      // Nice values only go up without privileges: a process already started nicer keeps its own.
      const expected = Math.max(BCRYPT_WORKER_NICENESS, niceOf(String(process.pid)));
      expect(threads.filter((nice) => nice === expected).length).toBeGreaterThanOrEqual(pool.size);
    },
  );

  test('a closed pool refuses new work', async () => {
    const closed = new BcryptPool(1);
    await closed.close();
    await expect(closed.hash('password', 4)).rejects.toThrow(/closed/);
  });
});
