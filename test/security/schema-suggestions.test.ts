import { startTestServer, type TestServer } from '../support/test-server';

// With introspection off the schema is not public, yet graphql-js answered a guess with the real name:
// `Cannot query field "usrs" on type "Query". Did you mean "users" or "user"?`. An attacker could map the
// schema one guess at a time. Each probe below is a near miss of a real name.
const PROBES: Array<[string, string, Record<string, unknown> | undefined, string]> = [
  ['a field', '{ usrs { id } }', undefined, 'Cannot query field "usrs" on type "Query".'],
  ['a nested field', '{ me { emial } }', undefined, 'Cannot query field "emial" on type "User".'],
  ['an argument', '{ users(limt: 1) { id } }', undefined, 'Unknown argument "limt" on field "Query.users".'],
  ['a type', 'mutation($i: LoginInpt!) { login(input: $i) { expiresIn } }', { i: {} }, 'Unknown type "LoginInpt".'],
  ['an input field of a literal', 'mutation { login(input: { emali: "a@example.com", password: "x" }) { expiresIn } }', undefined,
    'Field "emali" is not defined by type "LoginInput".'],
  ['an input field of a variable', 'mutation($i: LoginInput!) { login(input: $i) { expiresIn } }', { i: { emali: 'a@example.com', password: 'x' } },
    'Variable "$i" got invalid value [redacted]; Field "emali" is not defined by type "LoginInput".'],
];

async function messagesOf(server: TestServer, query: string, variables?: Record<string, unknown>): Promise<string[]> {
  const response = await server.gql(query, variables);
  expect(response.status).toBe(400);
  return (response.body.errors ?? []).map((error) => error.message);
}

describe.each([
  ['NODE_ENV=production', { NODE_ENV: 'production' }],
  ['GRAPHQL_INTROSPECTION=false', { NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' }],
])('introspection off (%s): no suggestions', (_label, env) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env });
  });
  afterAll(() => server?.stop());

  test.each(PROBES)('%s', async (_name, query, variables, message) => {
    const messages = await messagesOf(server, query, variables);
    expect(messages).toContain(message);
    expect(messages.join('\n')).not.toMatch(/Did you mean/);
  });
});

describe('introspection on: suggestions help the developer', () => {
  test.each<Record<string, string>>([{ NODE_ENV: 'development' }, { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }])('%p', async (env) => {
    const server = await startTestServer({ env });
    try {
      expect(await messagesOf(server, '{ usrs { id } }')).toContain('Cannot query field "usrs" on type "Query". Did you mean "users" or "user"?');
      const [, query, variables] = PROBES[5];
      expect(await messagesOf(server, query, variables)).toContain(
        'Variable "$i" got invalid value [redacted]; Field "emali" is not defined by type "LoginInput". Did you mean "email"?',
      );
    } finally {
      await server.stop();
    }
  });
});
