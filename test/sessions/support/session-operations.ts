import type { GraphQLResponse, RequestOptions } from '../../support/test-server';
import { LOGIN, PAYLOAD_FIELDS } from '../../support/operations';

/** The session operations the tests send, written once. */
export const SESSION_FIELDS = 'id current createdAt lastActiveAt expiresAt ip userAgent device mfa remembered';
export const MY_SESSIONS = `query { mySessions { ${SESSION_FIELDS} } }`;
export const REVOKE_SESSION = 'mutation Revoke($id: ID!) { revokeSession(id: $id) }';
export const REVOKE_OTHER_SESSIONS = 'mutation { revokeOtherSessions }';
export const USER_SESSIONS = `query UserSessions($userId: ID!) { userSessions(userId: $userId) { ${SESSION_FIELDS} } }`;
export const REVOKE_USER_SESSION = 'mutation RevokeUser($userId: ID!, $sessionId: ID!) { revokeUserSession(userId: $userId, sessionId: $sessionId) }';
export { LOGIN, PAYLOAD_FIELDS };

export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  device: string;
  mfa: boolean;
  remembered: boolean;
}

export const FIREFOX_LINUX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
export const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';

type Gql = (query: string, variables?: Record<string, unknown>, options?: RequestOptions) => Promise<GraphQLResponse>;

/** The caller's sessions as mySessions lists them; fails the test on an error. */
export async function mySessions(gql: Gql, token: string): Promise<SessionView[]> {
  const response = await gql(MY_SESSIONS, {}, { token });
  if (!response.body.data) throw new Error(`mySessions failed: ${JSON.stringify(response.body.errors)}`);
  return response.body.data.mySessions as SessionView[];
}

/** Logs in (optionally as another client) and returns the pair. */
export async function login(
  gql: Gql,
  credentials: { email: string; password: string; rememberMe?: boolean },
  headers: Record<string, string> = {},
): Promise<{ accessToken: string; refreshToken: string }> {
  const { email, password, rememberMe } = credentials;
  const response = await gql(LOGIN, { input: { email, password, ...(rememberMe === undefined ? {} : { rememberMe }) } }, { headers });
  const pair = response.body.data?.login;
  if (!pair) throw new Error(`login failed: ${JSON.stringify(response.body.errors)}`);
  return pair;
}

export const sidOf = (token: string): string =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sid as string;
