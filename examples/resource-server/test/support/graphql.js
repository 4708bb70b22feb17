/**
 * One GraphQL request over HTTP, as a client sends it.
 * @param {string} url
 * @param {string} query
 * @param {{ token?: string, variables?: Record<string, unknown> }} [options]
 * @returns {Promise<{ status: number, body: any }>}
 */
export async function gql(url, query, { token, variables } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

let accounts = 0;

/**
 * Registers a new account at tokengate and returns its token pair.
 * @param {string} tokengateGraphqlUrl
 * @returns {Promise<{ accessToken: string, refreshToken: string, email: string }>}
 */
export async function register(tokengateGraphqlUrl) {
  const email = `user-${process.pid}-${++accounts}@example.com`;
  const { body } = await gql(
    tokengateGraphqlUrl,
    'mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken } }',
    { variables: { i: { email, password: 'correct horse battery', name: 'Notes Tester' } } },
  );
  if (!body.data) throw new Error(`register failed: ${JSON.stringify(body.errors)}`);
  return { ...body.data.register, email };
}

/** @param {string} tokengateGraphqlUrl @param {string} email @param {string} password */
export async function login(tokengateGraphqlUrl, email, password) {
  const { body } = await gql(tokengateGraphqlUrl, 'mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken } }', {
    variables: { i: { email, password } },
  });
  if (!body.data) throw new Error(`login failed: ${JSON.stringify(body.errors)}`);
  return body.data.login;
}

/** The first error's code and reason, or undefined when the answer has none. */
export const errorOf = (/** @type {any} */ body) => {
  const error = body.errors?.[0];
  return error && { code: error.extensions?.code, reason: error.extensions?.reason };
};
