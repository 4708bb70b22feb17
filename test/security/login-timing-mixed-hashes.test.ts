import { performance } from 'node:perf_hooks';
import { useDeployments } from '../support/deployments';
import { errorOf, LOGIN, REGISTER, uniqueEmail } from '../support/operations';
import { startTestServer } from '../support/test-server';

// Issue 16: login timing must not tell whether an email exists, in any mix of stored hash algorithms. While bcrypt
// hashes remain, an unknown email (and an Argon2id account) must cost what a not-yet-upgraded bcrypt account costs.
// Ratios of medians only, best of a few rounds (see login-timing.test.ts for why).
const TRIES = 11;
const ROUNDS = 3;
const withinBounds = (ratio: number): boolean => ratio > 0.8 && ratio < 1.25;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const WRONG = 'not the password at all';
/** A deployment or a test server: what the measurements need of either. */
type Server = { gql(query: string, variables: Record<string, unknown>): Promise<{ body: any }> };
// bcrypt cost 10 (~60 ms) against the cheapest Argon2id (~1 ms): a login that skipped the bcrypt work would be
// many times faster, far outside the bounds.
const BCRYPT = { PASSWORD_HASH: 'bcrypt', BCRYPT_COST: '10' };
const CHEAP_ARGON2 = { PASSWORD_HASH: 'argon2id', BCRYPT_COST: '10', ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' };
const OWASP_ARGON2 = { PASSWORD_HASH: 'argon2id', ARGON2_MEMORY_KIB: '19456', ARGON2_TIME_COST: '2' };

describe('login timing with several hash algorithms stored', () => {
  const deployments = useDeployments();
  const register = async (server: Server): Promise<string> => {
    const email = uniqueEmail();
    const response = await server.gql(REGISTER, { input: { email, password: 'correct horse battery' } });
    if (!response.body.data) throw new Error(JSON.stringify(response.body));
    return email;
  };
  const attempt = async (server: Server, email: string) => {
    const started = performance.now();
    const response = await server.gql(LOGIN, { input: { email, password: WRONG } });
    expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
    return performance.now() - started;
  };
  /** Per round, the median time of each kind of failed login divided by the reference kind's. */
  const measure = async (server: Server, kinds: Record<string, () => string>, reference: string) => {
    for (const email of Object.values(kinds)) await attempt(server, email()); // warm-up
    const rounds: Array<Record<string, number>> = [];
    const allWithin = (ratios: Record<string, number>) => Object.values(ratios).every(withinBounds);
    for (let round = 0; round < ROUNDS && !rounds.some(allWithin); round++) {
      const times: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((kind) => [kind, []]));
      for (let i = 0; i < TRIES; i++) for (const [kind, email] of Object.entries(kinds)) times[kind].push(await attempt(server, email()));
      rounds.push(
        Object.fromEntries(Object.keys(kinds).filter((kind) => kind !== reference).map((kind) => [kind, median(times[kind]) / median(times[reference])])),
      );
    }
    return { rounds, someRoundWithin: rounds.some(allWithin) };
  };

  test('only Argon2id hashes: an unknown email costs what a wrong password costs', async () => {
    const server = await deployments.deploy(OWASP_ARGON2);
    const known = await register(server);
    const result = await measure(server, { wrongPassword: () => known, unknownEmail: () => uniqueEmail('nobody') }, 'wrongPassword');
    expect(result).toEqual({ rounds: result.rounds, someRoundWithin: true });
  });

  test('bcrypt hashes remain after the switch to Argon2id: unknown emails and Argon2id accounts cost what a bcrypt account costs', async () => {
    const legacy = await register(await deployments.deploy(BCRYPT));
    const server = await deployments.deploy(CHEAP_ARGON2);
    const upgraded = await register(server);
    const result = await measure(
      server,
      { bcryptAccount: () => legacy, argon2Account: () => upgraded, unknownEmail: () => uniqueEmail('nobody') },
      'bcryptAccount',
    );
    expect(result).toEqual({ rounds: result.rounds, someRoundWithin: true });
    // Wrong passwords never upgrade: the bcrypt hash is still there, so the mix held throughout.
    expect((await deployments.stores.users.findByEmail(legacy))!.passwordHash).toMatch(/^\$2[aby]\$10\$/);
  }, 180_000); // dozens of bcrypt-cost logins: on a loaded machine far longer than jest's default 30 s

  test('control: without bcrypt hashes stored, the same server measures many times faster than a bcrypt account', async () => {
    // Separate stores: no bcrypt hash anywhere, so the cheap Argon2id server pays for Argon2id alone. If timing could
    // not tell that from a bcrypt account, the test above would prove nothing.
    const servers = await Promise.all([startTestServer({ env: CHEAP_ARGON2 }), startTestServer({ env: BCRYPT })]);
    try {
      const [cheap, costly] = servers;
      const [argon2Email, bcryptEmail] = [await register(cheap), await register(costly)];
      const times = { unknown: [] as number[], bcrypt: [] as number[] };
      for (let i = 0; i < 5; i++) {
        times.unknown.push(await attempt(cheap, uniqueEmail('nobody')));
        times.unknown.push(await attempt(cheap, argon2Email));
        times.bcrypt.push(await attempt(costly, bcryptEmail));
      }
      expect(median(times.bcrypt) / median(times.unknown)).toBeGreaterThan(1.5);
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
});
