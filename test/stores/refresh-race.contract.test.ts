import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import type { RevokedTokenStore } from '../../src/stores/revoked-token.store';
import type { Stores } from '../../src/stores/stores';
import { errorOf, ME, REFRESH, registerUser } from '../support/operations';
import { postGraphQL, TEST_ENV, type TestServer } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';

// Part of the store contract: on every backend, two refreshes with one token are decided by the unique-jti
// insert alone. The race is made deterministic: revokedTokens.find holds both refreshes until each has read
// "not revoked", so both go on to insert the rotation and exactly one insert can win. The loser must not get
// a pair of its own (two live sessions from one refresh token):
// - grace on: it reads the winner's rotation back and both callers get the same pair (one session);
// - grace off: it is reuse, like any second presentation of a refresh token: TOKEN_REVOKED and every
//   session of the user ends, the winner's too. A racing tab cannot be told from a thief racing the owner,
//   and with the grace off the operator chose strict single use.
const HOLD_TIMEOUT_MS = 5_000;

/** The stores, with the first `parties` reads of one jti held until all of them have read it. */
function holdingFinds(stores: Stores, parties = 2) {
  let heldJti: string | undefined;
  let arrived = 0;
  let release!: () => void;
  const everyoneRead = new Promise<void>((resolve) => (release = resolve));
  const revokedTokens: RevokedTokenStore = Object.create(stores.revokedTokens) as RevokedTokenStore;
  revokedTokens.find = async (jti) => {
    const entry = await stores.revokedTokens.find(jti);
    if (jti !== heldJti || arrived >= parties) return entry;
    if (++arrived === parties) release();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`only ${arrived} of ${parties} refreshes read the token`)), HOLD_TIMEOUT_MS).unref(),
    );
    await Promise.race([everyoneRead, timeout]);
    return entry;
  };
  return {
    stores: { ...stores, revokedTokens } as Stores,
    /** Starts holding the reads of this jti; until then every read goes straight through. */
    hold: (jti: string) => (heldJti = jti),
    arrivals: () => arrived,
  };
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
const jtiOf = (token: string) => claimsOf(token).jti as string;

for (const backend of storeBackends()) {
  for (const grace of ['10s', '0']) {
    describeBackend(backend, `store contract: refresh race decided by the unique jti (REFRESH_REUSE_GRACE=${grace})`, () => {
      let server: Pick<TestServer, 'gql'> & { stop(): Promise<void> };
      let holding: ReturnType<typeof holdingFinds>;
      beforeEach(async () => {
        const clock = new ManualClock();
        const raw = await backend.open(clock, `race-${grace}`);
        holding = holdingFinds(raw);
        const config = loadConfig({ ...TEST_ENV, REFRESH_REUSE_GRACE: grace });
        const running = await startHttpServer({ config, stores: holding.stores, clock, logger: silentLogger });
        server = {
          gql: (query, variables, options) => postGraphQL(running.url, query, variables, options),
          stop: async () => (await running.stop(), await raw.close()),
        };
      });
      afterEach(() => server?.stop());

      const refresh = (refreshToken: string, userAgent = 'tab') =>
        server.gql(REFRESH, { refreshToken }, { headers: { 'user-agent': userAgent } });

      test('two refreshes that both read the token as unspent: exactly one rotation counts', async () => {
        const session = await registerUser(server);
        holding.hold(jtiOf(session.refreshToken));
        const responses = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
        expect(holding.arrivals()).toBe(2);
        const pairs = responses.flatMap((response) => (response.body.data?.refresh ? [response.body.data.refresh] : []));

        if (grace !== '0') {
          // Both callers hold the one pair the winning insert recorded: one session.
          expect(pairs).toHaveLength(2);
          expect(claimsOf(pairs[1].accessToken)).toEqual(claimsOf(pairs[0].accessToken));
          expect(claimsOf(pairs[1].refreshToken)).toEqual(claimsOf(pairs[0].refreshToken));
          expect((await server.gql(ME, {}, { token: pairs[0].accessToken })).body.data?.me.id).toBe(session.userId);
          const next = await refresh(pairs[0].refreshToken);
          expect(next.body.data?.refresh.accessToken).toEqual(expect.any(String));
        } else {
          // One pair was issued, the other caller was refused as reuse, and the reuse ended the winner's session too.
          expect(pairs).toHaveLength(1);
          const loser = responses.find((response) => !response.body.data?.refresh)!;
          expect(errorOf(loser).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
          expect(errorOf(await server.gql(ME, {}, { token: pairs[0].accessToken })).extensions.reason).toBe('TOKEN_REVOKED');
          expect(errorOf(await refresh(pairs[0].refreshToken)).extensions.reason).toBe('TOKEN_REVOKED');
        }
        // The token both presented is spent either way.
        expect(errorOf(await refresh(session.refreshToken)).extensions.reason).toBe('TOKEN_REVOKED');
      });

      if (grace !== '0') {
        test('two clients racing with one token: the one that loses the insert is another client, so it is reuse', async () => {
          const session = await registerUser(server);
          holding.hold(jtiOf(session.refreshToken));
          const responses = await Promise.all([refresh(session.refreshToken, 'owner'), refresh(session.refreshToken, 'thief')]);
          expect(holding.arrivals()).toBe(2);
          const winners = responses.filter((response) => response.body.data?.refresh);
          expect(winners).toHaveLength(1);
          const loser = responses.find((response) => !response.body.data?.refresh)!;
          expect(errorOf(loser).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
          const won = winners[0].body.data!.refresh;
          expect(errorOf(await server.gql(ME, {}, { token: won.accessToken })).extensions.reason).toBe('TOKEN_REVOKED');
        });
      }
    });
  }
}
