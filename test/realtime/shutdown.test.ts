import { registerUser } from '../support/operations';
import { startTestServer } from '../support/test-server';
import { liveClient, rawSocket, SESSION_EVENTS, subscribe, within } from './support/live-client';

describe('GraphQL over WebSocket: graceful shutdown', () => {
  test('stop() closes every socket with 1001 (clients reconnect elsewhere) and does not wait on them', async () => {
    const server = await startTestServer();
    const user = await registerUser(server);
    const signedIn = liveClient(server.url, { token: user.accessToken });
    const anonymous = liveClient(server.url);
    await within(Promise.all([signedIn.connected, anonymous.connected]), 3_000, 'acks');
    subscribe(signedIn.client, SESSION_EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    for (const live of [signedIn, anonymous]) {
      expect(await within(live.closed, 1_000, 'close')).toEqual({ code: 1001, reason: 'Server shutting down' });
    }
    // Nothing listens any more.
    await expect(new Promise((resolve, reject) => rawSocket(server.url).once('open', resolve).once('error', reject))).rejects.toThrow();
  });
});
