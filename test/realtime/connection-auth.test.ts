import { LOGOUT_ALL, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { liveClient, SESSION_EVENTS, subscribe, within } from './support/live-client';

describe('GraphQL over WebSocket: authentication in connection_init', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test('a valid token in payload.authorization: sessionEvents delivers the caller’s own events', async () => {
    const user = await registerUser(server);
    const live = liveClient(server.url, { token: user.accessToken });
    await within(live.connected, 3_000, 'ack');
    const events = subscribe(live.client, SESSION_EVENTS);
    await new Promise((r) => setTimeout(r, 100));
    await server.gql(LOGOUT_ALL, {}, { token: user.accessToken });
    const first = await events.result(1);
    expect(first.data?.sessionEvents.type).toBe('LOGGED_OUT_EVERYWHERE');
    expect(await within(live.closed, 3_000, 'close')).toEqual({ code: 4401, reason: 'Token revoked' });
    await live.dispose();
  });
});
