// Calls tokengate directly, as a second device would: to check what the server accepts after the UI acted.

/** POST one operation; returns { status, body }. */
export async function postGraphql(url, { query, variables = {}, accessToken }) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

const PAIR = 'accessToken refreshToken expiresIn user { id email roles }';

export async function register(url, input) {
  const { body } = await postGraphql(url, {
    query: `mutation($i: RegisterInput!) { register(input: $i) { ${PAIR} } }`,
    variables: { i: input },
  });
  if (!body.data) throw new Error(`register failed: ${JSON.stringify(body.errors)}`);
  return body.data.register;
}

export async function login(url, input) {
  const { body } = await postGraphql(url, {
    query: `mutation($i: LoginInput!) { login(input: $i) { ${PAIR} } }`,
    variables: { i: input },
  });
  if (!body.data) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
  return body.data.login;
}

/** One login attempt as a stranger sends it (no device token, no cookie): { status, body }, never throws. */
export const tryLogin = (url, input) =>
  postGraphql(url, { query: 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }', variables: { i: input } });

export const me = (url, accessToken) => postGraphql(url, { query: '{ me { id email } }', accessToken });

export const setUserRoles = (url, accessToken, userId, roles) =>
  postGraphql(url, { query: 'mutation($u: ID!, $r: [String!]!) { setUserRoles(userId: $u, roles: $r) { id roles } }', variables: { u: userId, r: roles }, accessToken });

export const logoutAll = (url, accessToken) => postGraphql(url, { query: 'mutation { logoutAll }', accessToken });

export const refresh = (url, refreshToken) =>
  postGraphql(url, {
    query: 'mutation($r: String) { refresh(refreshToken: $r) { accessToken } }',
    variables: { r: refreshToken },
  });

/** extensions.reason of the first error, or undefined. */
export const reasonOf = (body) => body?.errors?.[0]?.extensions?.reason;

/** Ends the session of `accessToken` (and revokes `refreshToken` when given), as logging out on that device. */
export const logout = (url, accessToken, refreshToken = null) =>
  postGraphql(url, { query: 'mutation($r: String) { logout(refreshToken: $r) }', variables: { r: refreshToken }, accessToken });
