import { errorOf, ME, REFRESH, registerUser, type Session } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';

// The grace window gives a spent refresh token the same successor pair again: for the owner's retries and
// tabs only. A replay within the window from another client (user agent, or an IP outside the /24 or /48 of
// the rotation) is a copy of the token: reuse, every session ends. TRUST_PROXY=1 lets X-Forwarded-For set the IP.
interface Client {
  ua: string;
  ip: string;
}
interface Pair {
  accessToken: string;
  refreshToken: string;
}
const OWNER: Client = { ua: 'owner-browser/1.0', ip: '203.0.113.10' };

for (const backend of storeBackends()) {
  describeBackend(backend, 'refresh grace window is bound to the client that rotated', () => {
    let server: TestServer;
    let session: Session;
    beforeAll(async () => {
      server = await startTestServer({ backend, label: 'binding', env: { TRUST_PROXY: '1' } });
    });
    afterAll(() => server?.stop());
    beforeEach(async () => {
      session = await registerUser(server);
    });

    const refresh = (refreshToken: string, client: Client) =>
      server.gql(REFRESH, { refreshToken }, { headers: { 'user-agent': client.ua, 'x-forwarded-for': client.ip } });
    const pairOf = async (response: ReturnType<typeof refresh>): Promise<Pair> => {
      const body = (await response).body;
      if (!body.data?.refresh) throw new Error(`refresh failed: ${JSON.stringify(body.errors)}`);
      return { accessToken: body.data.refresh.accessToken, refreshToken: body.data.refresh.refreshToken };
    };
    async function expectSignedIn(token: string, signedIn: boolean) {
      const response = await server.gql(ME, {}, { token });
      if (signedIn) expect(response.body.data?.me.id).toBe(session.userId);
      else expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
    }

    test.each([
      ['the same client', OWNER],
      ['the same user agent from another address of the /24', { ...OWNER, ip: '203.0.113.250' }],
    ])('a replay within the window from %s gets the same pair', async (_case, client) => {
      const successor = await pairOf(refresh(session.refreshToken, OWNER));
      server.clock.advanceSeconds(5);
      await expect(pairOf(refresh(session.refreshToken, client))).resolves.toEqual(successor);
      await expectSignedIn(successor.accessToken, true);
    });

    test.each([
      ['another user agent', { ...OWNER, ua: 'thief-agent/2.0' }],
      ['another /24', { ...OWNER, ip: '203.0.114.10' }],
    ])('a replay within the window from %s is reuse: TOKEN_REVOKED and every session ends', async (_case, thief) => {
      const successor = await pairOf(refresh(session.refreshToken, OWNER));
      server.clock.advanceSeconds(1);
      const replay = await refresh(session.refreshToken, thief);
      expect(errorOf(replay).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      expect(replay.body.data).toBeNull();
      await expectSignedIn(successor.accessToken, false);
      await expectSignedIn(session.accessToken, false);
      expect(errorOf(await refresh(successor.refreshToken, OWNER)).extensions.reason).toBe('TOKEN_REVOKED');
    });

    test('IPv6: another /64 of the same /48 gets the same pair; another /48 is reuse', async () => {
      const owner6: Client = { ua: OWNER.ua, ip: '2001:db8:1:a::10' };
      const successor = await pairOf(refresh(session.refreshToken, owner6));
      await expect(pairOf(refresh(session.refreshToken, { ...owner6, ip: '2001:db8:1:b::99' }))).resolves.toEqual(successor);
      const replay = await refresh(session.refreshToken, { ...owner6, ip: '2001:db8:2:a::10' });
      expect(errorOf(replay).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      await expectSignedIn(successor.accessToken, false);
    });

    test('an older generation replayed by another client keeps today’s rule: TOKEN_REVOKED, the newest pair lives', async () => {
      const successor = await pairOf(refresh(session.refreshToken, OWNER));
      const newest = await pairOf(refresh(successor.refreshToken, OWNER));
      server.clock.advanceSeconds(1);
      const replay = await refresh(session.refreshToken, { ua: 'thief-agent/2.0', ip: '198.51.100.7' });
      expect(errorOf(replay).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' });
      await expectSignedIn(newest.accessToken, true);
      await expect(pairOf(refresh(newest.refreshToken, OWNER))).resolves.toEqual(expect.objectContaining({ accessToken: expect.any(String) }));
    });
  });
}
