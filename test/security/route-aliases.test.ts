import { startTestServer, type TestServer } from '../support/test-server';

const PATHS = ['/graphql', '/graphql/', '/GraphQL', '/GRAPHQL/'];
// Headers that differ from one response to the next, by design.
const PER_RESPONSE = new Set(['date', 'x-request-id', 'content-length', 'etag', 'keep-alive', 'connection']);

const stableHeaders = (response: Response) =>
  Object.fromEntries([...response.headers.entries()].filter(([name]) => !PER_RESPONSE.has(name)));

describe('/graphql, /graphql/ and /GraphQL are one endpoint', () => {
  let server: TestServer;
  const at = (path: string) => server.url.replace('/graphql', path);
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'development' } });
  });
  afterAll(() => server?.stop());

  test('the same answer and the same headers for an operation', async () => {
    const post = (path: string) =>
      fetch(at(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    const reference = await post('/graphql');
    const expected = stableHeaders(reference);
    expect(expected['content-security-policy']).toMatch(/^default-src 'none'/);
    for (const path of PATHS) {
      const response = await post(path);
      expect({ path, body: await response.json() }).toEqual({ path, body: { data: { __typename: 'Query' } } });
      expect({ path, headers: stableHeaders(response) }).toEqual({ path, headers: expected });
    }
  });

  test("the Sandbox page gets the Sandbox's CSP on every spelling, so it can load", async () => {
    const reference = stableHeaders(await fetch(at('/graphql'), { headers: { accept: 'text/html' } }));
    expect(reference['content-security-policy']).toContain('https://embeddable-sandbox.cdn.apollographql.com');
    for (const path of PATHS) {
      const response = await fetch(at(path), { headers: { accept: 'text/html' } });
      expect(await response.text()).toContain('embeddable-sandbox');
      expect({ path, headers: stableHeaders(response) }).toEqual({ path, headers: reference });
    }
  });

  test('GET /health answers on its other spellings too', async () => {
    for (const path of ['/health', '/health/', '/HEALTH']) {
      expect((await fetch(at(path))).status).toBe(200);
    }
  });
});
