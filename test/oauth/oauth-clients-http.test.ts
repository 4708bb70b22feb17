import { registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { basic, CLIENT_ID, CLIENT_SECRET, introspect, OAUTH_ENV, originOf, revoke } from './support/oauth-client';

// Who may call /oauth/*: HTTP Basic against INTROSPECTION_CLIENTS, a budget per client, and no endpoint without clients.
describe('OAuth client authentication and limits', () => {
  describe('with clients configured', () => {
    let server: TestServer;
    let token: string;

    beforeAll(async () => {
      server = await startTestServer({ env: { ...OAUTH_ENV, RATE_LIMIT_INTROSPECTION_PER_CLIENT: '5/1m' } });
      token = (await registerUser(server)).accessToken;
    });
    afterAll(() => server.stop());

    test.each([
      ['no Authorization header', null],
      ['a wrong secret', basic(CLIENT_ID, `${CLIENT_SECRET}x`)],
      ['an unknown client', basic('nobody', CLIENT_SECRET)],
      ['another client id with this secret', basic('hasura', CLIENT_SECRET)],
      ['a Bearer token instead of Basic', `Bearer ${CLIENT_SECRET}`],
      ['malformed base64', 'Basic %%%'],
    ])('%s: 401 invalid_client with WWW-Authenticate: Basic, and nothing about the token', async (_name, authorization) => {
      for (const call of [introspect, revoke]) {
        const response = await call(server, token, undefined, { authorization });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe('Basic realm="tokengate", charset="UTF-8"');
        expect(response.json).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
        expect(response.text).not.toContain('active');
      }
    });

    test('over RATE_LIMIT_INTROSPECTION_PER_CLIENT: 429 with Retry-After; another client keeps its own budget', async () => {
      const statuses: number[] = [];
      let last = await introspect(server, token);
      statuses.push(last.status);
      while (last.status === 200 && statuses.length < 10) {
        last = await introspect(server, token);
        statuses.push(last.status);
      }
      // Five per minute, shared with revocation; earlier tests in this file spent none (they failed authentication).
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(last.json).toMatchObject({ error: 'too_many_requests' });
      expect((await revoke(server, 'not-a-jwt')).status).toBe(429);
      expect((await introspect(server, token, undefined, { authorization: basic('hasura', 'hasura-secret-that-is-at-least-32-characters') })).status).toBe(200);
    });
  });

  describe('without INTROSPECTION_CLIENTS', () => {
    let server: TestServer;

    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    test('both endpoints answer 404, whatever the credentials', async () => {
      const token = (await registerUser(server)).accessToken;
      for (const call of [introspect, revoke]) {
        const response = await call(server, token);
        expect(response.status).toBe(404);
        expect(response.headers.get('www-authenticate')).toBeNull();
      }
    });

    test('the metadata then lists neither endpoint', async () => {
      const metadata = (await (await fetch(`${originOf(server)}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
      expect(metadata).toEqual({ issuer: 'tokengate' });
    });
  });
});
