import { errorOf, LOGIN, REFRESH, registerUser } from '../support/operations';
import { startTestServer } from '../support/test-server';

async function postBatch(url: string, operations: Array<{ query: string; variables?: Record<string, unknown> }>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(operations) });
  return { status: response.status, body: (await response.json()) as any };
}

describe('batching', () => {
  test('off by default: a batch of 1,000 logins is refused whole with 400, nothing runs', async () => {
    const server = await startTestServer({ env: { RATE_LIMIT_LOGIN_PER_IP: '5/15m' } });
    try {
      // Short email and password, so 1,000 operations fit under the 100 kB body limit.
      const user = await registerUser(server, { email: 'b@x.io', password: 'pw-12345' });
      const login = { query: 'mutation{login(input:{email:"b@x.io",password:"pw-12345"}){expiresIn}}' };
      const response = await postBatch(server.url, Array.from({ length: 1000 }, () => login));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        errors: [{ message: 'Batched operations are turned off (GRAPHQL_MAX_BATCH)', extensions: { code: 'BAD_REQUEST' } }],
      });
      // Nothing ran, so no attempt was spent: the 5 logins the limit allows still work.
      for (let i = 0; i < 5; i++) expect((await server.gql(LOGIN, { input: { email: user.email, password: user.password } })).body.data?.login).toBeTruthy();
    } finally {
      await server.stop();
    }
  });

  test('on with GRAPHQL_MAX_BATCH: each operation spends a rate-limit attempt', async () => {
    const server = await startTestServer({ env: { GRAPHQL_MAX_BATCH: '10', RATE_LIMIT_REFRESH_PER_IP: '4/15m' } });
    try {
      const refresh = { query: REFRESH, variables: { refreshToken: 'not-a-token' } };
      const response = await postBatch(server.url, Array.from({ length: 10 }, () => refresh));
      // The operations run concurrently: which ones get through is not ordered, how many is.
      expect(response.status).toBe(200);
      expect(response.body).toHaveLength(10);
      const codes: string[] = response.body.map((result: any) => result.errors[0].extensions.code);
      expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(4);
      expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(6);
    } finally {
      await server.stop();
    }
  });

  test('on: a batch longer than GRAPHQL_MAX_BATCH is refused whole', async () => {
    const server = await startTestServer({ env: { GRAPHQL_MAX_BATCH: '10' } });
    try {
      const response = await postBatch(server.url, Array.from({ length: 1000 }, () => ({ query: '{ __typename }' })));
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toEqual({
        message: 'A batch may hold at most 10 operations (GRAPHQL_MAX_BATCH); this one has 1000',
        extensions: { code: 'BAD_REQUEST' },
      });
      const allowed = await postBatch(server.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]);
      expect(allowed.body).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
    } finally {
      await server.stop();
    }
  });

  test('a single operation is unaffected by the batch setting', async () => {
    const server = await startTestServer({ env: { GRAPHQL_MAX_BATCH: '10' } });
    try {
      expect(errorOf(await server.gql(REFRESH, { refreshToken: 'x' })).extensions.reason).toBe('TOKEN_MALFORMED');
    } finally {
      await server.stop();
    }
  });
});
