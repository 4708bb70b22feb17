import { errorOf, LOGOUT, ME, REFRESH } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { passwordStep, registerMfaUser } from '../mfa/support/mfa-operations';

// The mfaToken proves a password, not a session: it must never pass for an access or a refresh token,
// whatever the signing configuration (with HS256 all three are signed with the same key).
describe.each([
  ['HS256', {}],
  ['ES256', { JWT_ALGORITHM: 'ES256' }],
])('an mfaToken used as a credential (%s)', (_name, env: Record<string, string>) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env });
  });
  afterAll(() => server?.stop());

  test('as a Bearer token: 401, TOKEN_INVALID', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const response = await server.gql(ME, {}, { token: mfaToken });
    expect(response.status).toBe(401);
    expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    expect(response.body.data ?? null).toBeNull();
  });

  test('as a refresh token: TOKEN_INVALID, no pair', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const response = await server.gql(REFRESH, { refreshToken: mfaToken });
    expect(response.body.data).toBeNull();
    expect(errorOf(response).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
  });

  test('as the refresh token of logout: refused as not a refresh token', async () => {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    const response = await server.gql(LOGOUT, { refreshToken: mfaToken }, { token: user.accessToken });
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'refreshToken' });
  });
});

// The error masking must keep extensions.mfaToken (it is the answer), whatever the environment.
test('in production mode, login still hands out extensions.mfaToken', async () => {
  const { randomBytes } = await import('node:crypto');
  const server = await startTestServer({ env: { NODE_ENV: 'production', DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex') } });
  try {
    const user = await registerMfaUser(server);
    const mfaToken = await passwordStep(server, user);
    expect(mfaToken.split('.')).toHaveLength(3);
  } finally {
    await server.stop();
  }
});
