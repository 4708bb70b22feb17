import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { errorOf, ME, REFRESH, registerUser } from '../support/operations';
import { postGraphQL, TEST_ENV, type RequestOptions } from '../support/test-server';
import { CHROME_WINDOWS, FIREFOX_LINUX, login, mySessions, sidOf } from '../sessions/support/session-operations';

// Token binding: a refresh token (SESSION_BINDING) or an access token (ACCESS_TOKEN_BINDING) replayed by another
// client than its session's is refused, over real HTTP. TRUST_PROXY=1: X-Forwarded-For sets the client IP.
const FIREFOX_NEXT = FIREFOX_LINUX.replaceAll('128.0', '129.0');
const HOME = { 'user-agent': FIREFOX_LINUX, 'x-forwarded-for': '203.0.113.7' };
type Line = Record<string, unknown>;

/** A server over fresh stores with this binding configuration, and its audit lines. */
async function serverWith(env: Record<string, string>) {
  const output: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  const config = loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info', TRUST_PROXY: '1', ...env });
  const server: RunningServer = await startHttpServer({ config, stores, clock, logger });
  return {
    clock,
    gql: (query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}) =>
      postGraphQL<any>(server.url, query, variables, options),
    audit: (event: string): Line[] =>
      output.map((text) => JSON.parse(text) as Line).filter((line) => line.audit === true && line.event === event),
    stop: async () => {
      await server.stop();
      await stores.close();
    },
  };
}
type Server = Awaited<ReturnType<typeof serverWith>>;

async function signedIn(server: Server) {
  const user = await registerUser(server);
  return { user, pair: await login(server.gql, user, HOME) };
}
const refreshFrom = (server: Server, refreshToken: string, headers: Record<string, string>) =>
  server.gql(REFRESH, { refreshToken }, { headers });

describe('SESSION_BINDING=user-agent,ip-subnet', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serverWith({ SESSION_BINDING: 'user-agent,ip-subnet' });
  });
  afterAll(() => server?.stop());

  test('the same browser family and OS from the same /24 refreshes, across a browser update and a new address', async () => {
    const { pair } = await signedIn(server);
    const refreshed = await refreshFrom(server, pair.refreshToken, { 'user-agent': FIREFOX_NEXT, 'x-forwarded-for': '203.0.113.200' });
    expect(refreshed.body.data?.refresh.accessToken).toEqual(expect.any(String));
  });

  test.each([
    ['another network', { ...HOME, 'x-forwarded-for': '198.51.100.7' }, ['ip-subnet']],
    ['another browser', { ...HOME, 'user-agent': CHROME_WINDOWS }, ['user-agent']],
  ])('a refresh from %s is refused, the session ends, and the audit log has both values', async (_name, headers, parts) => {
    const { user, pair } = await signedIn(server);
    const refused = await refreshFrom(server, pair.refreshToken, headers);
    expect(errorOf(refused).extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BINDING_MISMATCH' });
    // Ended: its access token is refused at once, and the owner's own refresh too.
    expect(errorOf(await server.gql(ME, {}, { token: pair.accessToken, headers: HOME })).extensions.reason).toBe('TOKEN_REVOKED');
    expect(errorOf(await refreshFrom(server, pair.refreshToken, HOME)).extensions.reason).toBe('TOKEN_REVOKED');
    expect((await mySessions(server.gql, user.accessToken)).map((s) => s.id)).not.toContain(sidOf(pair.accessToken));
    // Other sessions live.
    expect((await server.gql(ME, {}, { token: user.accessToken })).status).toBe(200);

    const [line] = server.audit('session_binding_mismatch').filter((entry) => entry.sessionId === sidOf(pair.accessToken));
    expect(line).toMatchObject({ level: 40, userId: user.userId, token: 'refresh', binding: parts });
    if (parts.includes('ip-subnet')) expect(line).toMatchObject({ expectedSubnet: '203.0.113.0/24', actualSubnet: '198.51.100.0/24' });
    else expect(line).toMatchObject({ expectedUserAgent: 'Firefox on Linux', actualUserAgent: 'Chrome on Windows' });
    expect(server.audit('session_revoked')).toEqual(
      expect.arrayContaining([expect.objectContaining({ sessionId: sidOf(pair.accessToken), cause: 'binding_mismatch' })]),
    );
  });

  test('access tokens are not bound by SESSION_BINDING alone', async () => {
    const { pair } = await signedIn(server);
    const elsewhere = await server.gql(ME, {}, { token: pair.accessToken, headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(elsewhere.status).toBe(200);
  });
});

describe('SESSION_BINDING=off (the default)', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serverWith({});
  });
  afterAll(() => server?.stop());

  test('a refresh from another network and browser is accepted', async () => {
    const { pair } = await signedIn(server);
    const refreshed = await refreshFrom(server, pair.refreshToken, { 'user-agent': CHROME_WINDOWS, 'x-forwarded-for': '198.51.100.7' });
    expect(refreshed.body.data?.refresh.accessToken).toEqual(expect.any(String));
  });
});

describe('ACCESS_TOKEN_BINDING=ip-subnet', () => {
  let server: Server;
  beforeAll(async () => {
    server = await serverWith({ ACCESS_TOKEN_BINDING: 'ip-subnet' });
  });
  afterAll(() => server?.stop());

  test('an access token works from its session\'s /24 and is refused (401) from another, warm cache or not', async () => {
    const { user, pair } = await signedIn(server);
    const me = (ip: string) => server.gql(ME, {}, { token: pair.accessToken, headers: { 'x-forwarded-for': ip } });
    expect((await me('203.0.113.99')).status).toBe(200);
    expect((await me('203.0.113.99')).status).toBe(200); // served from the cache now
    const refused = await me('198.51.100.7');
    expect(refused.status).toBe(401);
    expect(errorOf(refused).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_BINDING_MISMATCH' });
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token/);
    const [line] = server.audit('session_binding_mismatch').filter((entry) => entry.sessionId === sidOf(pair.accessToken));
    expect(line).toMatchObject({ token: 'access', userId: user.userId, expectedSubnet: '203.0.113.0/24', actualSubnet: '198.51.100.0/24' });
    // The request is refused, the session is not ended: the owner's network still works.
    expect((await me('203.0.113.99')).status).toBe(200);
  });

  test('a client that moved refreshes (SESSION_BINDING off) and its new access token works from the new network only', async () => {
    const { pair } = await signedIn(server);
    const moved = { 'x-forwarded-for': '198.51.100.7' };
    expect((await server.gql(ME, {}, { token: pair.accessToken, headers: moved })).status).toBe(401);
    const refreshed = (await refreshFrom(server, pair.refreshToken, moved)).body.data!.refresh;
    expect((await server.gql(ME, {}, { token: refreshed.accessToken, headers: moved })).status).toBe(200);
    expect((await server.gql(ME, {}, { token: refreshed.accessToken, headers: HOME })).status).toBe(401);
  });

  test('the binding is judged against the stored session, not a claim: tokens carry no address', async () => {
    const { pair } = await signedIn(server);
    const claims = JSON.parse(Buffer.from(pair.accessToken.split('.')[1], 'base64url').toString());
    expect(JSON.stringify(claims)).not.toMatch(/203\.0\.113/);
  });
});

describe('binding configuration', () => {
  test.each([
    [{ SESSION_BINDING: 'ip' }, /^SESSION_BINDING must be/],
    [{ SESSION_BINDING: 'ip-subnet,ip-subnet' }, /^SESSION_BINDING must be/],
    [{ ACCESS_TOKEN_BINDING: 'user-agent' }, /^ACCESS_TOKEN_BINDING must be off or ip-subnet/],
    [{ SESSION_SHORT_LIFETIME: '40d' }, /^SESSION_SHORT_LIFETIME must be a duration/],
    [{ SESSION_SHORT_LIFETIME: 'soon' }, /^SESSION_SHORT_LIFETIME must be a duration/],
  ])('%j stops the start with one line naming the variable', (env, line) => {
    expect(() => loadConfig({ ...TEST_ENV, ...env })).toThrow(expect.objectContaining({ problems: [expect.stringMatching(line)] }));
  });

  test('the defaults: binding off, 12-hour short sessions', () => {
    expect(loadConfig({ ...TEST_ENV }).sessions).toEqual({ shortLifetimeSeconds: 12 * 3600, binding: [], accessTokenBinding: false });
    expect(loadConfig({ ...TEST_ENV, SESSION_BINDING: 'ip-subnet, user-agent' }).sessions.binding).toEqual(['ip-subnet', 'user-agent']);
  });
});
