import { startTestServer, type TestServer } from '../support/test-server';
import { rawSocket, upgradeOutcome } from './support/live-client';

describe('GraphQL over WebSocket: the upgrade (cross-site WebSocket hijacking)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: 'https://auth.example.com', CORS_ORIGINS: 'https://app.example.com' } });
  });
  afterAll(() => server.stop());

  test.each([
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['a look-alike of an allowed Origin', { origin: 'https://app.example.com.evil.example' }, 403],
    ['the literal null Origin (sandboxed frames, file:)', { origin: 'null' }, 403],
    ["PUBLIC_URL's origin", { origin: 'https://auth.example.com' }, 'open'],
    ['an origin in CORS_ORIGINS', { origin: 'https://app.example.com' }, 'open'],
    ['no Origin (not a browser)', {}, 'open'],
  ])('%s: %s', async (_what, headers: Record<string, string>, expected) => {
    expect(await upgradeOutcome(rawSocket(server.url, headers))).toBe(expected);
  });

  test('another path is not upgraded (404); /graphql/ and /GraphQL are the same endpoint', async () => {
    expect(await upgradeOutcome(rawSocket(server.url, {}, '/other'))).toBe(404);
    expect(await upgradeOutcome(rawSocket(server.url, {}, '/graphql/'))).toBe('open');
    expect(await upgradeOutcome(rawSocket(server.url, {}, '/GraphQL'))).toBe('open');
  });
});
