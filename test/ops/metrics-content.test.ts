import { errorOf, LOGIN, ME, REFRESH, registerUser, uniqueEmail } from '../support/operations';
import { METRICS_TOKEN, scrape, valueOf } from '../support/metrics-scrape';
import { startTestServer, type TestServer } from '../support/test-server';

// Each test reads how much a counter grew over its own traffic: the registry is the process's.
describe('GET /metrics counts what happened, over real HTTP', () => {
  let server: TestServer;
  let metricsUrl: string;
  beforeAll(async () => {
    server = await startTestServer({
      // No cache-sync polls during a test: one would drop the users it just cached (their changes are on the feed).
      env: { METRICS_TOKEN, REFRESH_REUSE_GRACE: '0', TRUST_PROXY: '1', RATE_LIMIT_LOGIN_PER_IP: '2/15m', CACHE_SYNC_INTERVAL: '60s' },
    });
    metricsUrl = new URL('/metrics', server.url).toString();
  });
  afterAll(() => server?.stop());

  const growth = async (name: string, labels: Record<string, string>, traffic: () => Promise<unknown>): Promise<number> => {
    const before = valueOf(await scrape(metricsUrl), name, labels);
    await traffic();
    return valueOf(await scrape(metricsUrl), name, labels) - before;
  };
  let ip = 0;
  const fromNewIp = () => ({ headers: { 'x-forwarded-for': `198.51.100.${++ip}` } });

  test('HTTP requests by route, operation type, outcome and status, with their duration', async () => {
    const query = { route: '/graphql', operation_type: 'query', outcome: 'ok', status: '200' };
    expect(await growth('tokengate_http_request_duration_seconds_count', query, () => server.gql('{ authSettings { accessTokenTtl } }'))).toBe(1);
    const refused = { route: '/graphql', operation_type: 'unknown', outcome: 'client_error', status: '400' };
    expect(await growth('tokengate_http_request_duration_seconds_count', refused, () => server.gql('{ nope }'))).toBe(1);
    const failed = { route: '/graphql', operation_type: 'mutation', outcome: 'graphql_error', status: '200' };
    expect(await growth('tokengate_http_request_duration_seconds_count', failed, () => server.gql(LOGIN, { input: { email: uniqueEmail(), password: 'wrong password!' } }, fromNewIp()))).toBe(1);
    const unmatched = { route: 'unmatched', operation_type: 'none', status: '404' };
    expect(await growth('tokengate_http_request_duration_seconds_count', unmatched, () => fetch(new URL('/no/such/path', server.url)))).toBe(1);
    const health = { route: '/health', operation_type: 'none', outcome: 'ok', status: '200' };
    expect(await growth('tokengate_http_request_duration_seconds_count', health, () => fetch(new URL('/health', server.url)))).toBe(1);
    expect(await scrape(metricsUrl)).toMatch(/tokengate_http_request_duration_seconds_bucket\{le="0\.005",route="\/graphql",operation_type="query",outcome="ok",status="200"\} \d/);
  });

  test('GraphQL operations by root field of our schema, aliases and fragments resolved', async () => {
    const growthOf = (field: string, type = 'query') => growth('tokengate_graphql_operations_total', { operation_type: type, field }, () =>
      server.gql('query Whatever { a: authSettings { accessTokenTtl } ...F } fragment F on Query { b: authSettings { accessTokenTtl } __typename }'));
    expect(await growthOf('authSettings')).toBe(1);
    expect(await growthOf('__typename')).toBe(1);
  });

  test('authentication failures by reason; logins by result', async () => {
    const session = await registerUser(server);
    expect(await growth('tokengate_authentication_failures_total', { reason: 'AUTHENTICATION_REQUIRED' }, () => server.gql(ME))).toBe(1);
    expect(await growth('tokengate_authentication_failures_total', { reason: 'TOKEN_MALFORMED' }, () => server.gql(ME, {}, { token: 'not.a.jwt' }))).toBe(1);
    const wrong = () => server.gql(LOGIN, { input: { email: session.email, password: 'wrong password!' } }, fromNewIp());
    expect(await growth('tokengate_authentication_failures_total', { reason: 'INVALID_CREDENTIALS' }, wrong)).toBe(1);
    expect(await growth('tokengate_logins_total', { result: 'failure' }, wrong)).toBe(1);
    const right = () => server.gql(LOGIN, { input: { email: session.email, password: session.password } }, fromNewIp());
    expect(await growth('tokengate_logins_total', { result: 'success' }, right)).toBe(1);
  });

  test('refreshes, reuse detections and rate-limit refusals', async () => {
    const session = await registerUser(server);
    let next = '';
    expect(await growth('tokengate_refreshes_total', { kind: 'rotated' }, async () => {
      next = (await server.gql(REFRESH, { refreshToken: session.refreshToken })).body.data!.refresh.refreshToken;
    })).toBe(1);
    expect(next).toBeTruthy();
    const reuse = () => server.gql(REFRESH, { refreshToken: session.refreshToken });
    expect(await growth('tokengate_refresh_reuse_detections_total', {}, reuse)).toBe(1);

    const headers = fromNewIp();
    const guess = () => server.gql(LOGIN, { input: { email: uniqueEmail(), password: 'wrong password!' } }, headers);
    await guess();
    await guess();
    expect(await growth('tokengate_rate_limit_refusals_total', { limiter: 'loginPerIp' }, async () => {
      expect(errorOf(await guess()).extensions.code).toBe('TOO_MANY_REQUESTS');
    })).toBe(1);
  });

  test('password work, authentication cache hits and misses, store operations', async () => {
    const session = await registerUser(server);
    const login = () => server.gql(LOGIN, { input: { email: session.email, password: session.password } }, fromNewIp());
    expect(await growth('tokengate_password_hash_duration_seconds_count', { operation: 'verify' }, login)).toBe(1);
    expect(valueOf(await scrape(metricsUrl), 'tokengate_password_jobs_pending')).toBe(0);

    const me = () => server.gql(ME, {}, { token: session.accessToken });
    expect(await growth('tokengate_auth_cache_lookups_total', { cache: 'tokens', result: 'miss' }, me)).toBe(1);
    expect(await growth('tokengate_auth_cache_lookups_total', { cache: 'tokens', result: 'hit' }, me)).toBe(1);
    expect(await growth('tokengate_auth_cache_lookups_total', { cache: 'users', result: 'hit' }, me)).toBe(1);

    expect(await growth('tokengate_store_operation_duration_seconds_count', { store: 'users', operation: 'findByEmail' }, login)).toBeGreaterThanOrEqual(1);
    // A taken email is an answer, not a store error.
    expect(await growth('tokengate_store_errors_total', {}, () => registerUser(server, { email: session.email }).catch(() => undefined))).toBe(0);
  });

  test('the WebSocket gauge is there, at 0 without sockets', async () => {
    expect(await scrape(metricsUrl)).toMatch(/^tokengate_websocket_connections 0$/m);
  });
});
