import { registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { liveClient, subscribe, within, type Subscription } from './support/live-client';

/** Sends one operation on a fresh signed-in socket and answers with how it ended. */
async function run(server: TestServer, query: string, variables?: Record<string, unknown>, signedIn = true): Promise<Subscription> {
  const token = signedIn ? (await registerUser(server)).accessToken : undefined;
  const live = liveClient(server.url, { token });
  await within(live.connected, 3_000, 'ack');
  const operation = subscribe(live.client, query, variables);
  await within(operation.ended, 3_000, 'end of the operation');
  await live.dispose();
  return operation;
}

const errorsOf = (operation: Subscription): Array<{ message: string; extensions?: Record<string, unknown> }> =>
  (operation.error as Array<{ message: string; extensions?: Record<string, unknown> }>) ?? operation.results[0]?.errors ?? [];

describe('GraphQL over WebSocket: what HTTP refuses, the socket refuses', () => {
  describe('development defaults', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { GRAPHQL_MAX_TOKENS: '100' } });
    });
    afterAll(() => server.stop());

    test.each([
      ['a query', '{ authSettings { tokenType } }', 'query'],
      ['a mutation', 'mutation { logoutAll }', 'mutation'],
    ])('%s is refused: only subscriptions run over the socket', async (_what, query, kind) => {
      const [error] = errorsOf(await run(server, query));
      expect(error).toMatchObject({ message: `Only subscriptions run over WebSocket; send a ${kind} over HTTP`, extensions: { code: 'BAD_REQUEST' } });
    });

    test('the parser stops at GRAPHQL_MAX_TOKENS', async () => {
      const [error] = errorsOf(await run(server, `subscription { sessionEvents { ${'type '.repeat(120)} } }`));
      expect(error).toMatchObject({ message: 'The document has more than 100 tokens, the limit (GRAPHQL_MAX_TOKENS)', extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    });

    test('a syntax error does not echo a string that may be a secret', async () => {
      const [error] = errorsOf(await run(server, 'subscription { "hunter2-secret-value" }'));
      expect(error.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(JSON.stringify(error)).not.toContain('hunter2');
    });

    test('a variable of the wrong type is BAD_USER_INPUT, and its value is not repeated', async () => {
      const operation = await run(server, 'subscription S($password: Boolean!) { sessionEvents { type @include(if: $password) } }', {
        password: 'hunter2-secret-value',
      });
      const [error] = errorsOf(operation);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(error)).not.toContain('hunter2');
    });

    test('in development, unknown fields get suggestions as over HTTP', async () => {
      const [error] = errorsOf(await run(server, 'subscription { sessionEvent { type } }'));
      expect(error.message).toContain('Did you mean "sessionEvents"?');
    });
  });

  describe('query limits', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { GRAPHQL_MAX_DEPTH: '1' } });
    });
    afterAll(() => server.stop());

    test('GRAPHQL_MAX_DEPTH applies to a subscription as to a query', async () => {
      const [error] = errorsOf(await run(server, 'subscription { sessionEvents { type } }', undefined, false));
      expect(error).toMatchObject({ message: "The operation's depth is 2, over the limit of 1 (GRAPHQL_MAX_DEPTH)", extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    });
  });

  describe('production', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer({ env: { NODE_ENV: 'production' } });
    });
    afterAll(() => server.stop());

    test('introspection is refused before anything else', async () => {
      const [error] = errorsOf(await run(server, '{ __schema { types { name } } }'));
      expect(error.message).toMatch(/introspection/i);
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    test('no "Did you mean" suggestion gives the schema away', async () => {
      const [error] = errorsOf(await run(server, 'subscription { sessionEvent { type } }'));
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).not.toContain('Did you mean');
      expect(error.message).not.toContain('sessionEvents');
    });
  });
});

describe('subscriptions over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test('a subscription sent over HTTP is refused with a pointer to the WebSocket', async () => {
    const user = await registerUser(server);
    const response = await server.gql('subscription { sessionEvents { type } }', {}, { token: user.accessToken });
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringContaining('WebSocket') });
  });
});
