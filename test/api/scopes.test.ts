import jwt from 'jsonwebtoken';
import { temporaryDirectory } from '../keys/support/key-material';
import { configProblemsOf } from '../support/config-problems';
import { errorOf, LOGIN, registerAdmin, registerUser, USERS } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// Scopes: access tokens carry the user's permissions at issue time; @Authorized('users:read') is decided from
// the stored user's roles through ROLE_PERMISSIONS_FILE (or the built-in mapping).
const tmp = temporaryDirectory('scopes');
afterAll(() => tmp.remove());
const claimsOf = (token: string) => jwt.decode(token) as Record<string, unknown>;
const login = async (server: TestServer, session: { email: string; password: string }) =>
  (await server.gql(LOGIN, { input: { email: session.email, password: session.password } })).body.data!.login;

describe('built-in role permissions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { JWT_ALGORITHM: 'ES256' } });
  });
  afterAll(() => server?.stop());

  test('a user token carries the USER permissions as scope, an admin token the ADMIN ones; no Hasura claims unless asked', async () => {
    const user = await registerUser(server);
    expect(claimsOf(user.accessToken).scope).toBe('profile:read profile:write');
    expect(claimsOf(user.accessToken)).not.toHaveProperty(['https://hasura.io/jwt/claims']);
    expect(claimsOf(user.refreshToken)).not.toHaveProperty('scope');
    const admin = await login(server, await registerAdmin(server));
    expect(claimsOf(admin.accessToken).scope).toBe('profile:read profile:write sessions:read sessions:write users:read users:write');
  });

  test('users (users:read) is for ADMIN, decided from the stored roles, not the token scope', async () => {
    const user = await registerUser(server);
    expect(errorOf(await server.gql(USERS, {}, { token: user.accessToken })).extensions.code).toBe('FORBIDDEN');
    const admin = await registerAdmin(server);
    // The token was issued before the promotion (scope of a USER), yet the stored user is an ADMIN now.
    expect((await server.gql(USERS, {}, { token: admin.accessToken })).body.data?.users).toEqual(expect.any(Array));
  });
});

describe('ROLE_PERMISSIONS_FILE', () => {
  const file = tmp.file('roles.json', JSON.stringify({ USER: ['profile:read', 'profile:write', 'users:read', 'notes:read'] }));
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { ROLE_PERMISSIONS_FILE: file, JWT_HASURA_CLAIMS: 'true' } });
  });
  afterAll(() => server?.stop());

  test('grants what it lists: a USER may now read users, and the scope says so; Hasura claims are strings', async () => {
    const user = await registerUser(server);
    const claims = claimsOf(user.accessToken);
    expect(claims.scope).toBe('notes:read profile:read profile:write users:read');
    expect(claims['https://hasura.io/jwt/claims']).toEqual({
      'x-hasura-user-id': user.userId,
      'x-hasura-default-role': 'USER',
      'x-hasura-allowed-roles': ['USER'],
    });
    expect((await server.gql(USERS, {}, { token: user.accessToken })).body.data?.users).toEqual(expect.any(Array));
  });

  test.each<[string, Record<string, string>, string]>([
    ['an unknown role', { ROLE_PERMISSIONS_FILE: tmp.file('bad.json', '{"SUPERUSER": ["users:read"]}') }, 'names the unknown role "SUPERUSER"'],
    ['an unreadable file', { ROLE_PERMISSIONS_FILE: '/nonexistent/roles.json' }, 'ROLE_PERMISSIONS_FILE (/nonexistent/roles.json) cannot be read (ENOENT)'],
    ['a bad JWT_HASURA_CLAIMS', { JWT_HASURA_CLAIMS: 'yes' }, 'JWT_HASURA_CLAIMS must be true or false (got "yes")'],
  ])('refuses %s at start, in one line', (_name, env, line) => {
    expect(configProblemsOf({ JWT_SECRET: 'a-scopes-test-secret-of-at-least-32-bytes', ...env })).toEqual([expect.stringContaining(line)]);
  });
});
