import { startTestServer, type TestServer } from '../support/test-server';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/** Requests the server refuses itself, before GraphQL runs: each with its status and message. */
const REFUSALS: Array<[string, number, RegExp, (accept: string) => RequestInit]> = [
  ['invalid JSON', 400, /JSON/, (accept) => ({ method: 'POST', headers: { 'content-type': 'application/json', accept }, body: '{"query":' })],
  ['a batch while batching is off', 400, /GRAPHQL_MAX_BATCH/, (accept) => ({
    method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
  })],
  ['a body over 100 kB', 413, /100kb/, (accept) => ({
    method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(120_000)}` }),
  })],
];

describe('errors the server answers itself', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  describe.each(REFUSALS)('%s', (_name, status, message, init) => {
    test(`answers ${status} as ${GRAPHQL_RESPONSE} when the client asks for it`, async () => {
      const response = await fetch(server.url, init(`${GRAPHQL_RESPONSE}, application/json;q=0.9`));
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe(`${GRAPHQL_RESPONSE}; charset=utf-8`);
      expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } }] });
    });

    test(`answers ${status} as application/json otherwise`, async () => {
      for (const accept of ['application/json', '*/*']) {
        const response = await fetch(server.url, init(accept));
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } }] });
      }
    });
  });

  test('a 406 is application/json: the client accepts neither JSON type', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/csv' }, body: '{"query":"{ __typename }"}' });
    expect(response.status).toBe(406);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  test('an unknown path answers 404 in the same shape, with the security headers and a request id', async () => {
    const response = await fetch(server.url.replace('/graphql', '/nowhere'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ errors: [{ message: 'Not found', extensions: { code: 'BAD_REQUEST' } }] });
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
  });
});

describe('per-response work', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  test('GraphQL answers carry no ETag (nothing caches them: they are no-store)', async () => {
    const response = await server.gql('{ __typename }');
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});

describe('x-request-id', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  test("a sane client id is echoed; anything else is replaced by a fresh UUID", async () => {
    const echoed = await server.gql('{ __typename }', {}, { headers: { 'x-request-id': 'client-id_1.2' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-id_1.2');
    for (const insane of ['has space', 'x'.repeat(65), 'semi;colon']) {
      const replaced = await server.gql('{ __typename }', {}, { headers: { 'x-request-id': insane } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    const fresh = [await server.gql('{ __typename }'), await server.gql('{ __typename }')].map((r) => r.headers.get('x-request-id'));
    expect(fresh[0]).not.toBe(fresh[1]);
  });
});
