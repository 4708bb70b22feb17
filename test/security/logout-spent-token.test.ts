import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { startHttpServer } from '../../src/server/http-server';
import { errorOf, LOGIN, LOGOUT, ME, REFRESH, registerUser, type Session } from '../support/operations';
import { postGraphQL, TEST_ENV, type TestServer } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';

// A thief rotates a stolen refresh token; the owner then logs out with the old one. That logout must not
// hide the theft: within the grace window the thief's pair (the successor) ends, after it every session does.
type Line = Record<string, unknown>;
interface Pair {
  accessToken: string;
  refreshToken: string;
}
const THIEF = { 'user-agent': 'thief/1.0' };
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { jti: string };

/** A real server whose log is kept, so the audit lines can be read. */
async function startLoggedServer(backend: ReturnType<typeof storeBackends>[number], env: Record<string, string>) {
  const output: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
  const config = loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info', ...env });
  const clock = new ManualClock();
  const stores = await backend.open(clock, `logout-spent-${env.REFRESH_REUSE_GRACE ?? 'default'}`);
  const server = await startHttpServer({ config, stores, clock, logger });
  const gql: TestServer['gql'] = (query, variables, options) => postGraphQL(server.url, query, variables, options);
  const auditLines = (event: string, userId: string): Line[] =>
    output.map((text) => JSON.parse(text) as Line).filter((line) => line.audit && line.event === event && line.userId === userId);
  return { gql, clock, auditLines, stop: async () => (await server.stop(), await stores.close()) };
}

for (const backend of storeBackends()) {
  for (const grace of ['10s', '0']) {
    describeBackend(backend, `logout with a spent refresh token (REFRESH_REUSE_GRACE=${grace})`, () => {
      let server: Awaited<ReturnType<typeof startLoggedServer>>;
      let owner: Session;
      let otherDevice: Pair;
      beforeAll(async () => {
        server = await startLoggedServer(backend, { REFRESH_REUSE_GRACE: grace });
      });
      afterAll(() => server?.stop());
      beforeEach(async () => {
        owner = await registerUser(server);
        const login = await server.gql(LOGIN, { input: { email: owner.email, password: owner.password } });
        otherDevice = login.body.data!.login;
      });

      const refresh = async (refreshToken: string, headers: Record<string, string> = {}): Promise<Pair> => {
        const response = await server.gql(REFRESH, { refreshToken }, { headers });
        if (!response.body.data?.refresh) throw new Error(`refresh failed: ${JSON.stringify(response.body.errors)}`);
        return response.body.data.refresh;
      };
      const logout = (session: Pair) =>
        server.gql(LOGOUT, { refreshToken: session.refreshToken }, { token: session.accessToken });
      async function expectSignedIn(token: string, signedIn: boolean) {
        const response = await server.gql(ME, {}, { token });
        if (signedIn) expect(response.body.data?.me.id).toBe(owner.userId);
        else expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      }
      async function expectThiefLockedOut(stolen: Pair) {
        await expectSignedIn(stolen.accessToken, false);
        const again = await server.gql(REFRESH, { refreshToken: stolen.refreshToken }, { headers: THIEF });
        expect(errorOf(again).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      }

      if (grace !== '0') {
        test('within the window: the thief’s pair and the calling access token end, other sessions live', async () => {
          const stolen = await refresh(owner.refreshToken, THIEF);
          await expectSignedIn(stolen.accessToken, true); // now in the authentication cache too
          server.clock.advanceSeconds(5);
          expect((await logout(owner)).body).toEqual({ data: { logout: true } });
          await expectThiefLockedOut(stolen);
          await expectSignedIn(owner.accessToken, false);
          await expectSignedIn(otherDevice.accessToken, true);
          expect(server.auditLines('refresh_reuse_detected', owner.userId)).toEqual([
            expect.objectContaining({
              level: 40,
              cause: 'logout_with_spent_token',
              sessionsRevoked: false,
              revokedJtis: [owner.accessToken, stolen.accessToken, stolen.refreshToken].map((token) => claimsOf(token).jti),
            }),
          ]);
          expect(server.auditLines('logged_out', owner.userId)).toEqual([expect.objectContaining({ refreshTokenRevoked: false })]);
        });

        test('within the window, when the thief has rotated on since: every session ends', async () => {
          const stolen = await refresh(owner.refreshToken, THIEF);
          const rotatedOn = await refresh(stolen.refreshToken, THIEF);
          expect((await logout(owner)).body).toEqual({ data: { logout: true } });
          await expectThiefLockedOut(rotatedOn);
          await expectSignedIn(otherDevice.accessToken, false);
          expect(server.auditLines('refresh_reuse_detected', owner.userId)).toEqual([
            expect.objectContaining({ cause: 'logout_with_spent_token', sessionsRevoked: true }),
          ]);
        });

        test('after the window: every session of the user ends', async () => {
          const stolen = await refresh(owner.refreshToken, THIEF);
          server.clock.advanceSeconds(10);
          expect((await logout(owner)).body).toEqual({ data: { logout: true } });
          await expectThiefLockedOut(stolen);
          await expectSignedIn(otherDevice.accessToken, false);
          expect(server.auditLines('refresh_reuse_detected', owner.userId)).toEqual([
            expect.objectContaining({ level: 40, cause: 'logout_with_spent_token', sessionsRevoked: true }),
          ]);
        });
      } else {
        test('with the grace off: every session of the user ends at once', async () => {
          const stolen = await refresh(owner.refreshToken, THIEF);
          expect((await logout(owner)).body).toEqual({ data: { logout: true } });
          await expectThiefLockedOut(stolen);
          await expectSignedIn(owner.accessToken, false);
          await expectSignedIn(otherDevice.accessToken, false);
          expect(server.auditLines('refresh_reuse_detected', owner.userId)).toEqual([
            expect.objectContaining({ level: 40, cause: 'logout_with_spent_token', sessionsRevoked: true }),
          ]);
        });
      }

      test('an unspent refresh token is an ordinary logout: nothing else ends, no reuse is recorded', async () => {
        expect((await logout(owner)).body).toEqual({ data: { logout: true } });
        await expectSignedIn(owner.accessToken, false);
        await expectSignedIn(otherDevice.accessToken, true);
        expect(server.auditLines('logged_out', owner.userId)).toEqual([expect.objectContaining({ refreshTokenRevoked: true })]);
        expect(server.auditLines('refresh_reuse_detected', owner.userId)).toEqual([]);
      });

      test('a refresh token already logged out is no theft: nothing else ends', async () => {
        const second = await server.gql(LOGIN, { input: { email: owner.email, password: owner.password } });
        const tab: Pair = second.body.data!.login;
        expect((await logout(otherDevice)).body).toEqual({ data: { logout: true } });
        expect((await logout({ accessToken: tab.accessToken, refreshToken: otherDevice.refreshToken })).body).toEqual({
          data: { logout: true },
        });
        await expectSignedIn(owner.accessToken, true);
        expect(server.auditLines('refresh_reuse_detected', owner.userId)).toEqual([]);
      });
    });
  }
}
