import { startTestServer, type TestServer } from '../support/test-server';

const INTROSPECT = '{ __schema { queryType { name } } }';

async function withServer(env: Record<string, string>, body: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer({ env });
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

const landingPage = (server: TestServer) => fetch(server.url, { headers: { accept: 'text/html' } });

describe('NODE_ENV=production', () => {
  test('introspection is refused and no Sandbox page is served', () =>
    withServer({ NODE_ENV: 'production' }, async (server) => {
      const response = await server.gql(INTROSPECT);
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.body.errors?.[0].message).toMatch(/introspection/i);
      const page = await landingPage(server);
      expect(page.headers.get('content-type')).not.toMatch(/text\/html/);
      expect(await page.text()).not.toContain('embeddable-sandbox');
    }));

  test('GRAPHQL_INTROSPECTION=true turns both back on', () =>
    withServer({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }, async (server) => {
      expect((await server.gql(INTROSPECT)).body.data?.__schema.queryType.name).toBe('Query');
      expect(await (await landingPage(server)).text()).toContain('embeddable-sandbox');
    }));

  test('errors carry no stack trace', () =>
    withServer({ NODE_ENV: 'production' }, async (server) => {
      for (const query of ['{ nope }', '{ me { id ', 'mutation { refresh(refreshToken: "x") { accessToken } }']) {
        const raw = JSON.stringify((await server.gql(query)).body);
        expect(raw).not.toMatch(/stacktrace|\bat .*\.[jt]s:\d+/);
      }
    }));
});

describe('development', () => {
  test('introspection and the Sandbox page are on by default, and GRAPHQL_INTROSPECTION=false turns them off', async () => {
    await withServer({ NODE_ENV: 'development' }, async (server) => {
      expect((await server.gql(INTROSPECT)).body.data?.__schema.queryType.name).toBe('Query');
      expect(await (await landingPage(server)).text()).toContain('embeddable-sandbox');
    });
    await withServer({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' }, async (server) => {
      expect((await server.gql(INTROSPECT)).status).toBe(400);
      expect(await (await landingPage(server)).text()).not.toContain('embeddable-sandbox');
    });
  });

  test('errors carry no stack trace there either', () =>
    withServer({ NODE_ENV: 'development' }, async (server) => {
      const raw = JSON.stringify((await server.gql('{ nope }')).body);
      expect(raw).not.toMatch(/stacktrace/);
    }));
});
