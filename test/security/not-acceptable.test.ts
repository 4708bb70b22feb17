import { REFRESH, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

const post = (server: TestServer, accept: string, body: unknown) =>
  fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });

describe('an Accept header that admits no JSON', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'development' } });
  });
  afterAll(() => server?.stop());

  test('is answered 406 before anything runs: a refresh sent that way does not spend its token', async () => {
    const { refreshToken } = await registerUser(server);
    const refused = await post(server, 'text/html', { query: REFRESH, variables: { refreshToken } });
    expect(refused.status).toBe(406);
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await refused.json()).toEqual({ errors: [{ message: expect.stringMatching(/Accept/), extensions: { code: 'BAD_REQUEST' } }] });

    // Past the reuse grace window a spent token would be taken for theft (TOKEN_REVOKED): it was never spent.
    server.clock.advanceSeconds(server.config.jwt.refreshReuseGraceSeconds + 1);
    const refreshed = await server.gql(REFRESH, { refreshToken });
    expect(refreshed.body.data?.refresh.accessToken).toEqual(expect.any(String));
  });

  test.each([
    'text/html',
    'text/plain, application/xml',
    'application/json;q=0',
    'application/json;q=0, text/html',
    'multipart/mixed',
    'image/*',
  ])('Accept: %s -> 406', async (accept) => {
    const response = await post(server, accept, { query: '{ __typename }' });
    expect(response.status).toBe(406);
  });

  test.each([
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json'],
    ['*/*', 'application/json'],
    ['application/*', 'application/json'],
    ['text/html, */*;q=0.1', 'application/json'],
  ])('Accept: %s is served as %s', async (accept, type) => {
    const response = await post(server, accept, { query: '{ __typename }' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(`${type}; charset=utf-8`);
  });

  test("a browser's GET still gets the Sandbox page (introspection on), and a GET query for JSON still runs", async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('embeddable-sandbox');
    const htmlOnly = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(await htmlOnly.text()).toContain('embeddable-sandbox');

    const query = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await query.json()).toEqual({ data: { __typename: 'Query' } });
  });

  test('without introspection (no Sandbox page) a GET for text/html is refused the same way', async () => {
    const production = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const response = await fetch(production.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(406);
      expect(await response.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'BAD_REQUEST' } })] });
    } finally {
      await production.stop();
    }
  });
});
