import { errorOf, ME, REFRESH, registerUser } from '../support/operations';
import { useDeployments } from '../support/deployments';
import type { TestServer } from '../support/test-server';
import { login, REVOKE_OTHER_SESSIONS, REVOKE_SESSION, sidOf } from './support/session-operations';

// Two instances on one store: a session ended on A refuses its tokens on B, warm cache included, within the
// bound CACHE_SYNC_INTERVAL sets (the revocation rides the revoked-token feed).
const SYNC_INTERVAL_MS = 100;
/** A poll may start just before the write, so the bound is two intervals plus the round trips. */
const BOUND_MS = 3 * SYNC_INTERVAL_MS + 400;

describe('session revocation across instances', () => {
  const deployments = useDeployments({ CACHE_SYNC_INTERVAL: `${SYNC_INTERVAL_MS}ms` });

  /** Polls until the check passes; returns the milliseconds it took, or fails after 10 bounds. */
  async function millisecondsUntil(check: () => Promise<boolean>): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < 10 * BOUND_MS) {
      if (await check()) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('the revocation never reached the other instance');
  }

  test.each([
    ['revokeSession', (sid: string) => [REVOKE_SESSION, { id: sid }] as const],
    ['revokeOtherSessions', () => [REVOKE_OTHER_SESSIONS, {}] as const],
  ])('%s on A refuses the warm access token on B within the sync bound', async (_name, mutation) => {
    const a = await deployments.deploy({});
    const b = await deployments.deploy({});
    const gqlA: TestServer['gql'] = (query, variables, options) => a.gql(query, variables, options?.token);
    const user = await registerUser({ gql: gqlA });
    const phone = await login(gqlA, user);
    // Past the feed's look-back window for the user's creation (else every poll makes B forget the user, and
    // B would read the store on each request, hiding a missed session revocation); then two polls.
    deployments.clock.advanceSeconds(30);
    await new Promise((resolve) => setTimeout(resolve, 3 * SYNC_INTERVAL_MS));
    // B verifies the phone's token once and serves it from its cache from then on.
    for (let i = 0; i < 2; i++) expect((await b.gql(ME, {}, phone.accessToken)).status).toBe(200);

    const [query, variables] = mutation(sidOf(phone.accessToken));
    const answer = await a.gql(query, variables, user.accessToken);
    expect(answer.body.errors).toBeUndefined();
    // On A, at once.
    expect((await a.gql(ME, {}, phone.accessToken)).status).toBe(401);
    const elapsed = await millisecondsUntil(async () => (await b.gql(ME, {}, phone.accessToken)).status === 401);
    expect(elapsed).toBeLessThanOrEqual(BOUND_MS);
    expect(errorOf(await b.gql(ME, {}, phone.accessToken)).extensions).toMatchObject({ reason: 'TOKEN_REVOKED' });
    expect(errorOf(await b.gql(REFRESH, { refreshToken: phone.refreshToken })).extensions.reason).toBe('TOKEN_REVOKED');
    // The caller's own session lives on both.
    expect((await b.gql(ME, {}, user.accessToken)).status).toBe(200);
  });
});
