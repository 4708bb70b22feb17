import { startTestServer, type TestServer } from '../support/test-server';
import { errorOf, REGISTER, uniqueEmail } from '../support/operations';

const AUTH_SETTINGS = 'query { authSettings { tokenType accessTokenTtl refreshTokenTtl refreshTokenCookie passwordMinCharacters passwordMaxBytes } }';

// A public field: what a client needs to know before anyone signs in.
describe('authSettings', () => {
  let servers: TestServer[] = [];
  const start = async (env: Record<string, string>) => {
    const server = await startTestServer({ env });
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    servers = [];
  });

  test('answers anonymous callers with the configured lifetimes and the password rules the server applies', async () => {
    const server = await start({ ACCESS_TOKEN_TTL: '5m', REFRESH_TOKEN_TTL: '2d' });
    const response = await server.gql(AUTH_SETTINGS);
    expect(response.body).toEqual({
      data: {
        authSettings: {
          tokenType: 'Bearer',
          accessTokenTtl: 300,
          refreshTokenTtl: 172_800,
          refreshTokenCookie: false,
          passwordMinCharacters: 8,
          passwordMaxBytes: 1024,
        },
      },
    });
    // The advertised rules are the enforced ones: one byte over is refused.
    const tooLong = await server.gql(REGISTER, { input: { email: uniqueEmail(), password: `${'xy'.repeat(512)}z` } });
    expect(errorOf(tooLong).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(errorOf(tooLong).message).toMatch(/1024 bytes/);
  });

  test('with PASSWORD_HASH=bcrypt, new passwords are limited to the 72 bytes bcrypt reads', async () => {
    const server = await start({ PASSWORD_HASH: 'bcrypt' });
    expect((await server.gql(AUTH_SETTINGS)).body.data?.authSettings.passwordMaxBytes).toBe(72);
    const tooLong = await server.gql(REGISTER, { input: { email: uniqueEmail(), password: `${'xy'.repeat(36)}z` } });
    expect(errorOf(tooLong).message).toMatch(/72 bytes/);
  });

  test('tells a browser client that the refresh token travels in the cookie', async () => {
    const server = await start({ REFRESH_TOKEN_COOKIE: 'true' });
    expect((await server.gql(AUTH_SETTINGS)).body.data?.authSettings.refreshTokenCookie).toBe(true);
  });
});
