import { errorOf, REFRESH, REGISTER, uniqueEmail } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { requireSetCookie } from './support/set-cookie';

const ALLOWED = 'https://app.example.com';
const FOREIGN = 'https://evil.example.net';

describe('CORS allow-list', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { CORS_ORIGINS: `${ALLOWED}, https://admin.example.com` } });
  });
  afterAll(() => server?.stop());

  const preflight = (origin: string) =>
    fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  test('a listed origin gets CORS headers with credentials', async () => {
    const response = await preflight(ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/);

    const post = await server.gql('{ __typename }', {}, { headers: { origin: ALLOWED } });
    expect(post.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(post.headers.get('vary')).toMatch(/origin/i);
  });

  test('an unlisted origin gets no CORS headers, so a browser never hands it the answer', async () => {
    const response = await preflight(FOREIGN);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await server.gql('{ __typename }', {}, { headers: { origin: FOREIGN } });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('by default (no CORS_ORIGINS) no origin at all gets CORS headers', async () => {
    const sameOriginOnly = await startTestServer();
    try {
      const response = await fetch(sameOriginOnly.url, {
        method: 'OPTIONS',
        headers: { origin: ALLOWED, 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await sameOriginOnly.stop();
    }
  });
});

describe('CSRF prevention', () => {
  let server: TestServer;
  let refreshToken: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { REFRESH_TOKEN_COOKIE: 'true' } });
    const response = await server.gql(REGISTER, { input: { email: uniqueEmail(), password: 'correct horse battery' } });
    refreshToken = requireSetCookie(response, '__Host-tokengate_refresh').value;
  });
  afterAll(() => server?.stop());

  const refreshCookie = () => ({ cookie: `__Host-tokengate_refresh=${encodeURIComponent(refreshToken)}`, origin: FOREIGN });

  test('a cross-site text/plain POST (a "simple" request, no preflight) cannot call refresh', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...refreshCookie() },
      body: JSON.stringify({ query: 'mutation { refresh { accessToken } }' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toMatch(/CSRF/);
  });

  test('a form-encoded POST cannot call refresh either', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...refreshCookie() },
      body: 'query=mutation%20%7B%20refresh%20%7B%20accessToken%20%7D%20%7D',
    });
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toMatch(/CSRF/);
  });

  test('a cross-site GET cannot call refresh', async () => {
    const query = encodeURIComponent('mutation { refresh { accessToken } }');
    const response = await fetch(`${server.url}?query=${query}`, { headers: refreshCookie() });
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(await response.text()).toMatch(/CSRF/);
  });

  test('the refresh token is still unspent after those attempts', async () => {
    const response = await server.gql('mutation { refresh { accessToken } }', {}, { headers: { cookie: refreshCookie().cookie } });
    expect(response.body.data?.refresh.accessToken).toEqual(expect.any(String));
    server.clock.advanceSeconds(server.config.jwt.refreshReuseGraceSeconds + 1); // past the reuse grace window
    const reuse = await server.gql(REFRESH, { refreshToken });
    expect(errorOf(reuse).extensions.reason).toBe('TOKEN_REVOKED');
  });
});
