import { getIntrospectionQuery } from 'graphql';
import { errorOf, LOGIN, ME, registerUser } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// This schema is shallow: login { user { id } } (depth 3) is as deep as a valid operation gets.
const LOGIN_ARGS = 'input: { email: "nobody@example.com", password: "not the password" }';
const DEPTH_3 = `mutation { login(${LOGIN_ARGS}) { user { id } } }`;

describe('query limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRAPHQL_MAX_DEPTH: '2', GRAPHQL_MAX_ALIASES: '3', GRAPHQL_MAX_FIELDS: '12', GRAPHQL_MAX_TOKENS: '300' } });
  });
  afterAll(() => server?.stop());

  const validationError = async (query: string) => {
    const response = await server.gql(query);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    return errorOf(response);
  };

  test('an ordinary query passes every limit and runs', async () => {
    const response = await server.gql(ME);
    expect(response.status).toBe(200);
    expect(errorOf(response).extensions.reason).toBe('AUTHENTICATION_REQUIRED');
  });

  test('depth over GRAPHQL_MAX_DEPTH is refused before execution, naming the limit', async () => {
    const error = await validationError(DEPTH_3);
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toBe("The operation's depth is 3, over the limit of 2 (GRAPHQL_MAX_DEPTH)");
  });

  test('depth hidden in fragments and inline fragments is counted', async () => {
    const viaFragments = await validationError(
      `mutation { login(${LOGIN_ARGS}) { ...P } } fragment P on AuthPayload { ... on AuthPayload { user { ...U } } } fragment U on User { id }`,
    );
    expect(viaFragments.message).toBe("The operation's depth is 3, over the limit of 2 (GRAPHQL_MAX_DEPTH)");
  });

  test('aliases over GRAPHQL_MAX_ALIASES are refused, naming the limit', async () => {
    const error = await validationError('query { a: me { id } b: me { id } c: me { id } d: me { id } }');
    expect(error.message).toBe("The operation's number of aliases is 4, over the limit of 3 (GRAPHQL_MAX_ALIASES)");
  });

  test('fields multiplied by fragments are counted in full: a fragment bomb is refused', async () => {
    // Each fragment spreads the one below twice: 2^8 copies of `id`, in a document of a few dozen tokens.
    const levels = Array.from({ length: 8 }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const error = await validationError(`query { me { ...F0 } } ${levels} fragment F8 on User { id }`);
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/^The operation's number of fields is \d+, over the limit of 12 \(GRAPHQL_MAX_FIELDS\)$/);
  });

  test('a document over GRAPHQL_MAX_TOKENS is refused by the parser, naming the limit', async () => {
    const response = await server.gql(`query { ${'me { id } '.repeat(200)} }`);
    expect(response.status).toBe(400);
    expect(errorOf(response).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(errorOf(response).message).toBe('The document has more than 300 tokens, the limit (GRAPHQL_MAX_TOKENS)');
  });

  test('fragment cycles do not hang the limits rule: graphql reports them', async () => {
    const error = await validationError('query { me { ...A } } fragment A on User { ...B } fragment B on User { ...A }');
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toMatch(/Cannot spread fragment/);
  });
});

describe('query limits and introspection', () => {
  test("Sandbox's full introspection query passes the default limits", async () => {
    const server = await startTestServer();
    try {
      const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
      const response = await server.gql(query);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data?.__schema.queryType.name).toBe('Query');
    } finally {
      await server.stop();
    }
  });
});

describe('default query limits against aliased logins', () => {
  test('1,000 or 100 aliased logins are refused before any resolver runs: no attempt is spent', async () => {
    const server = await startTestServer({ env: { RATE_LIMIT_LOGIN_PER_IP: '1/15m' } });
    try {
      const user = await registerUser(server);
      const input = { i: { email: user.email, password: user.password } };
      const aliased = (count: number) =>
        `mutation($i: LoginInput!) { ${Array.from({ length: count }, (_, n) => `a${n}: login(input: $i) { expiresIn }`).join(' ')} }`;

      const thousand = await server.gql(aliased(1000), input);
      expect(thousand.status).toBe(400);
      expect(errorOf(thousand).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      const hundred = await server.gql(aliased(100), input);
      expect(hundred.status).toBe(400);
      expect(errorOf(hundred).message).toBe("The operation's number of aliases is 100, over the limit of 15 (GRAPHQL_MAX_ALIASES)");

      // The one attempt the limit allows is still there.
      expect((await server.gql(LOGIN, { input: input.i })).body.data?.login.user.id).toBe(user.userId);
    } finally {
      await server.stop();
    }
  });
});
