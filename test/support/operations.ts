import type { TestServer } from './test-server';

/** The operations the tests send, written once. */
export const USER_FIELDS = 'id email name roles createdAt';
export const PAYLOAD_FIELDS = `accessToken refreshToken tokenType expiresIn user { ${USER_FIELDS} }`;

export const REGISTER = `mutation Register($input: RegisterInput!) { register(input: $input) { ${PAYLOAD_FIELDS} } }`;
export const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { ${PAYLOAD_FIELDS} } }`;
export const REFRESH = `mutation Refresh($refreshToken: String) { refresh(refreshToken: $refreshToken) { ${PAYLOAD_FIELDS} } }`;
export const LOGOUT = 'mutation Logout($refreshToken: String) { logout(refreshToken: $refreshToken) }';
export const LOGOUT_ALL = 'mutation { logoutAll }';
export const CHANGE_PASSWORD = `mutation Change($input: ChangePasswordInput!) { changePassword(input: $input) { ${PAYLOAD_FIELDS} } }`;
export const ME = `query { me { ${USER_FIELDS} } }`;
export const USERS = `query Users($limit: Int, $offset: Int) { users(limit: $limit, offset: $offset) { ${USER_FIELDS} } }`;
export const USER = `query User($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`;
export const SET_USER_ROLES = `mutation SetRoles($userId: ID!, $roles: [String!]!) { setUserRoles(userId: $userId, roles: $roles) { ${USER_FIELDS} } }`;

export interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
  email: string;
  password: string;
}

let counter = 0;
export const uniqueEmail = (prefix = 'user'): string => `${prefix}-${Date.now()}-${++counter}@example.com`;

/** Registers a fresh user and returns its tokens; fails the test when registration fails. */
export async function registerUser(server: Pick<TestServer, 'gql'>, overrides: { email?: string; password?: string } = {}): Promise<Session> {
  const email = overrides.email ?? uniqueEmail();
  const password = overrides.password ?? 'correct horse battery';
  const response = await server.gql(REGISTER, { input: { email, password } });
  const payload = response.body.data?.register;
  if (!payload) throw new Error(`register failed: ${JSON.stringify(response.body.errors)}`);
  return { accessToken: payload.accessToken, refreshToken: payload.refreshToken, userId: payload.user.id, email, password };
}

/** Registers a user and gives it ADMIN straight through the store (there is no admin yet to do it). */
export async function registerAdmin(server: TestServer): Promise<Session> {
  const session = await registerUser(server, { email: uniqueEmail('admin') });
  await server.stores.users.setRoles(session.userId, ['USER', 'ADMIN']);
  return session;
}

export const errorOf = (response: { body: { errors?: Array<{ extensions: Record<string, any>; message: string; path?: string[] }> } }) => {
  const error = response.body.errors?.[0];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.body)}`);
  return error;
};
