import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { uniqueEmail } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// Automatic persisted queries (APQ): a client first sends only the query's SHA-256; on a miss Apollo Server
// answers PERSISTED_QUERY_NOT_FOUND with HTTP 200 and the client's link resends with the query text, which the
// server keeps. That miss is the normal first step, not a client bug: the docs said 400 and "fix the request".
interface Exchange {
  sent: { query?: string; variables?: Record<string, unknown>; extensions?: { persistedQuery?: { sha256Hash: string } } };
  status: number;
  received: { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const SETTINGS: TypedDocumentNode<{ authSettings: { accessTokenTtl: number; refreshTokenTtl: number } }> = gql`
  query Settings { authSettings { accessTokenTtl refreshTokenTtl } }
`;
const REGISTER: TypedDocumentNode<{ register: { user: { email: string } } }, { input: { email: string; password: string } }> = gql`
  mutation Register($input: RegisterInput!) { register(input: $input) { user { email } } }
`;

describe("Apollo Client's persisted-queries link against tokengate", () => {
  let server: TestServer;
  const exchanges: Exchange[] = [];
  /** What went over the wire: each request body, with the status and body of its answer. */
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const received = (await response.clone().json()) as Exchange['received'];
    exchanges.push({ sent: JSON.parse(String(init?.body)), status: response.status, received });
    return response;
  };
  const newClient = () =>
    new ApolloClient({
      link: ApolloLink.from([new PersistedQueryLink({ sha256 }), new HttpLink({ uri: server.url, fetch: recordingFetch })]),
      cache: new InMemoryCache(),
      defaultOptions: { query: { fetchPolicy: 'network-only' } },
    });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());
  beforeEach(() => {
    exchanges.length = 0;
  });

  test('a miss (HTTP 200, PERSISTED_QUERY_NOT_FOUND) is retried with the text; then the hash alone is enough', async () => {
    const first = await newClient().query({ query: SETTINGS });
    expect(first.data?.authSettings.accessTokenTtl).toBe(server.config.jwt.accessTokenTtlSeconds);

    expect(exchanges).toHaveLength(2);
    const [miss, retry] = exchanges;
    expect(miss.sent.query).toBeUndefined();
    expect(miss.sent.extensions?.persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    expect(miss.status).toBe(200);
    expect(miss.received.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(retry.sent.query).toContain('authSettings');
    expect(retry.sent.extensions?.persistedQuery?.sha256Hash).toBe(sha256(retry.sent.query as string));
    expect(retry.status).toBe(200);

    // Another client (another browser) with the same operation: the server knows the hash, no text is sent.
    exchanges.length = 0;
    const second = await newClient().query({ query: SETTINGS });
    expect(second.data).toEqual(first.data);
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0].sent.query).toBeUndefined();
    expect(exchanges[0].received.errors).toBeUndefined();
  });

  test('mutations with variables: the text once, then hashes only', async () => {
    const client = newClient();
    for (const email of [uniqueEmail('apq'), uniqueEmail('apq')]) {
      const result = await client.mutate({ mutation: REGISTER, variables: { input: { email, password: 'correct horse battery' } } });
      expect(result.data?.register.user.email).toBe(email);
    }
    expect(exchanges.map((exchange) => [exchange.status, exchange.sent.query === undefined])).toEqual([
      [200, true], // miss
      [200, false], // retry with the text
      [200, true], // the second registration: hash and variables only
    ]);
  });
});

describe('the documentation of persisted queries', () => {
  const root = path.join(__dirname, '../..');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const clients = readFileSync(path.join(root, 'docs/CLIENTS.md'), 'utf8');

  test('says a miss answers 200 and is handled by the link, not that it is a client bug with HTTP 400', () => {
    const readmeLine = readme.split('\n\n').find((paragraph) => paragraph.includes('`PERSISTED_QUERY_NOT_FOUND`')) ?? '';
    expect(readmeLine).toMatch(/HTTP 200/);
    expect(readmeLine).not.toMatch(/PERSISTED_QUERY_NOT_FOUND[^.]*HTTP 400/);
    const bugRow = clients.split('\n').find((line) => line.includes('a bug in the client: fix the request')) ?? '';
    expect(bugRow).not.toContain('PERSISTED_QUERY');
    expect(clients).toMatch(/PersistedQueryLink/);
  });
});
