import { errorOf, ME } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

describe('request size', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  test('a body over 100 kB answers 413 in the GraphQL error shape, before any parsing', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query { me { id } } # ${'x'.repeat(150_000)}` }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ errors: [{ message: 'Request body is larger than 100kb', extensions: { code: 'BAD_REQUEST' } }] });
  });

  test('a huge hostile document under the body limit is refused at the token limit, not parsed whole', async () => {
    // 90 kB of tokens: the parser stops after GRAPHQL_MAX_TOKENS (5000) instead of building ~45,000 nodes.
    // What that saves in time is measured by `BENCH_ONLY=documents npm run bench` (about 25× here), not asserted.
    const hostile = `query { ${'a '.repeat(45_000)} }`;
    const refused = await server.gql(hostile);
    expect(refused.status).toBe(400);
    expect(errorOf(refused).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(errorOf(refused).message).toMatch(/GRAPHQL_MAX_TOKENS/);

    // The same document on a server whose token limit is out of the way is parsed whole and fails validation:
    // the limit, not the document's syntax, is what refused it above.
    const unlimited = await startTestServer({ env: { GRAPHQL_MAX_TOKENS: '1000000' } });
    try {
      expect(errorOf(await unlimited.gql(hostile)).extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await server.gql(ME)).status).toBe(200);
    } finally {
      await unlimited.stop();
    }
  });
});
