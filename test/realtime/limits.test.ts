import { registerAdmin, registerUser, SET_USER_ROLES } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { closeOf, liveClient, rawSocket, SESSION_EVENTS, subscribe, within, type LiveClientOptions } from './support/live-client';

async function outcomeOf(server: TestServer, options: LiveClientOptions = {}) {
  const live = liveClient(server.url, options);
  const outcome = await within(Promise.race([live.connected.then(() => 'ack' as const), live.closed]), 5_000, 'ack or close');
  return { live, outcome };
}

/** Closes the sockets and waits until the server has counted them out. */
async function closeAll(sockets: Array<{ live: ReturnType<typeof liveClient> }>): Promise<void> {
  await Promise.all(sockets.map(async ({ live }) => {
    await live.dispose();
    await within(live.closed, 2_000, 'close');
  }));
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('GraphQL over WebSocket: per-instance limits', () => {
  describe('connections per IP (WS_MAX_CONNECTIONS_PER_IP), IPv6 per /64, client IP as TRUST_PROXY says', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { WS_MAX_CONNECTIONS_PER_IP: '2' } });
    });
    afterAll(() => server.stop());

    test('over the limit: 4429 before the ack; a closed socket frees its place', async () => {
      const first = await outcomeOf(server);
      const second = await outcomeOf(server);
      expect([first.outcome, second.outcome]).toEqual(['ack', 'ack']);
      const third = await outcomeOf(server);
      expect(third.outcome).toEqual({ code: 4429, reason: 'Too many connections from this address' });
      await first.live.dispose();
      await within(first.live.closed, 1_000, 'first closed');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const fourth = await outcomeOf(server);
      expect(fourth.outcome).toBe('ack');
      await closeAll([second, third, fourth]);
    });

    test('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick fresh addresses', async () => {
      const sockets = [];
      for (const forwarded of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        sockets.push(await outcomeOf(server, { headers: { 'x-forwarded-for': forwarded } }));
      }
      expect(sockets.map((socket) => socket.outcome)).toEqual(['ack', 'ack', expect.objectContaining({ code: 4429 })]);
      await closeAll(sockets);
    });
  });

  describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { WS_MAX_CONNECTIONS_PER_IP: '1', TRUST_PROXY: 'loopback' } });
    });
    afterAll(() => server.stop());

    test('the forwarded address counts, and IPv6 addresses of one /64 count as one', async () => {
      const a = await outcomeOf(server, { headers: { 'x-forwarded-for': '2001:db8:1:2::1' } });
      const sameSlash64 = await outcomeOf(server, { headers: { 'x-forwarded-for': '2001:db8:1:2:ffff::9' } });
      const otherSlash64 = await outcomeOf(server, { headers: { 'x-forwarded-for': '2001:db8:1:3::1' } });
      const ipv4 = await outcomeOf(server, { headers: { 'x-forwarded-for': '198.51.100.7' } });
      expect(a.outcome).toBe('ack');
      expect(sameSlash64.outcome).toEqual(expect.objectContaining({ code: 4429 }));
      expect(otherSlash64.outcome).toBe('ack');
      expect(ipv4.outcome).toBe('ack');
      await closeAll([a, sameSlash64, otherSlash64, ipv4]);
    });
  });

  describe('connections per user (WS_MAX_CONNECTIONS_PER_USER) and subscriptions per connection', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { WS_MAX_CONNECTIONS_PER_USER: '2', WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' } });
    });
    afterAll(() => server.stop());

    test('a user over the limit gets 4429 before the ack; another user is not affected', async () => {
      const user = await registerUser(server);
      const other = await registerUser(server);
      const sockets = [];
      for (let i = 0; i < 3; i++) sockets.push(await outcomeOf(server, { token: user.accessToken }));
      sockets.push(await outcomeOf(server, { token: other.accessToken }));
      expect(sockets.map((socket) => socket.outcome)).toEqual([
        'ack',
        'ack',
        { code: 4429, reason: 'Too many connections for this user' },
        'ack',
      ]);
      await closeAll(sockets);
    });

    test('a subscription over the limit gets an error message for its id; the others go on', async () => {
      const admin = await registerAdmin(server);
      const user = await registerUser(server);
      const { live } = await outcomeOf(server, { token: user.accessToken });
      const first = subscribe(live.client, SESSION_EVENTS);
      const second = subscribe(live.client, SESSION_EVENTS);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const third = subscribe(live.client, SESSION_EVENTS);
      await within(third.ended, 2_000, 'refusal');
      expect(third.error).toEqual([
        expect.objectContaining({ extensions: { code: 'TOO_MANY_REQUESTS' }, message: expect.stringContaining('WS_MAX_SUBSCRIPTIONS_PER_CONNECTION') }),
      ]);
      await server.gql(SET_USER_ROLES, { userId: user.userId, roles: ['USER', 'ADMIN'] }, { token: admin.accessToken });
      expect((await first.result(1)).data?.sessionEvents.type).toBe('ROLES_CHANGED');
      expect((await second.result(1)).data?.sessionEvents.type).toBe('ROLES_CHANGED');
      await live.dispose();
    });
  });

  describe('message size (WS_MAX_MESSAGE_BYTES) and connection_init within 3 s', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { WS_MAX_MESSAGE_BYTES: '1024' } });
    });
    afterAll(() => server.stop());

    test('a message over the cap closes the socket (1009) before it is read', async () => {
      const { live } = await outcomeOf(server);
      subscribe(live.client, `subscription { sessionEvents { type } } # ${'x'.repeat(2_000)}`);
      expect((await within(live.closed, 2_000, 'close')).code).toBe(1009);
    });

    test('no connection_init within 3 s: closed 4408', async () => {
      const socket = rawSocket(server.url);
      const opened = Date.now();
      const closed = await within(closeOf(socket), 6_000, 'init timeout');
      expect(closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
      expect(Date.now() - opened).toBeGreaterThanOrEqual(2_900);
    });
  });
});
