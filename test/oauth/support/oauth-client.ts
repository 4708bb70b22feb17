import type { TestServer } from '../../support/test-server';

export const CLIENT_ID = 'router';
export const CLIENT_SECRET = 'router-secret-that-is-at-least-32-characters';
export const OTHER_CLIENT_ID = 'hasura';
export const OTHER_CLIENT_SECRET = 'hasura-secret-that-is-at-least-32-characters';
export const OAUTH_ENV = { INTROSPECTION_CLIENTS: `${CLIENT_ID}:${CLIENT_SECRET},${OTHER_CLIENT_ID}:${OTHER_CLIENT_SECRET}` };

export const basic = (id: string, secret: string): string =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

export interface OAuthResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, any>;
}

/** The server's origin, from its /graphql URL. */
export const originOf = (server: Pick<TestServer, 'url'>): string => new URL(server.url).origin;

/** POSTs a form to an /oauth/* path, with the router client's credentials unless told otherwise. */
export async function postForm(
  server: Pick<TestServer, 'url'>,
  path: string,
  form: Record<string, string>,
  options: { authorization?: string | null; headers?: Record<string, string> } = {},
): Promise<OAuthResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...options.headers };
  const authorization = options.authorization === undefined ? basic(CLIENT_ID, CLIENT_SECRET) : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const response = await fetch(`${originOf(server)}${path}`, { method: 'POST', headers, body: new URLSearchParams(form).toString() });
  const text = await response.text();
  let json: Record<string, any> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, any>) : {};
  } catch {
    // Not JSON: the test looks at text.
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const introspect = (server: Pick<TestServer, 'url'>, token: string, hint?: string, options?: Parameters<typeof postForm>[3]) =>
  postForm(server, '/oauth/introspect', hint ? { token, token_type_hint: hint } : { token }, options);

export const revoke = (server: Pick<TestServer, 'url'>, token: string, hint?: string, options?: Parameters<typeof postForm>[3]) =>
  postForm(server, '/oauth/revoke', hint ? { token, token_type_hint: hint } : { token }, options);
