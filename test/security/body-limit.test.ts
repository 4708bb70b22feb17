import { errorOf, ME } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

/** Median wall time of a few runs of fn, in ms: medians keep a busy shared machine's outliers out. */
async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

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

  test('a huge hostile document under the body limit is refused at the token limit, about as fast as a normal query', async () => {
    // 90 kB of tokens: the parser stops after GRAPHQL_MAX_TOKENS (5000) instead of building ~45,000 nodes.
    const hostile = `query { ${'a '.repeat(45_000)} }`;
    const refused = await server.gql(hostile);
    expect(refused.status).toBe(400);
    expect(errorOf(refused).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(errorOf(refused).message).toMatch(/GRAPHQL_MAX_TOKENS/);

    // The same document on a server whose token limit is out of the way: what the limit saves.
    const unlimited = await startTestServer({ env: { GRAPHQL_MAX_TOKENS: '1000000' } });
    try {
      await server.gql(ME); // warm-up
      await unlimited.gql(hostile);
      const normalMs = await medianMs(7, () => server.gql(ME));
      const hostileMs = await medianMs(7, () => server.gql(hostile));
      const hostileUnlimitedMs = await medianMs(7, () => unlimited.gql(hostile));
      console.log(`median ms: normal query ${normalMs.toFixed(2)}, hostile refused ${hostileMs.toFixed(2)}, hostile without token limit ${hostileUnlimitedMs.toFixed(2)}`);
      expect(hostileMs).toBeLessThan(hostileUnlimitedMs);
      expect(hostileMs / normalMs).toBeLessThan(20);
    } finally {
      await unlimited.stop();
    }
  });
});
