import { ConfigError, loadConfig } from '../../src/config/config';
import { errorOf, LOGIN } from '../support/operations';
import { startTestServer } from '../support/test-server';

// TRUST_PROXY decides whose X-Forwarded-For is believed, and so the IP every per-IP limit counts.
const SECRET = 'a-trust-proxy-test-secret-of-32-bytes-or-more';
// Four halves of the address spaces: "trust everyone" without writing `true`.
const TRUST_EVERYONE = '0.0.0.0/1,128.0.0.0/1,::/1,8000::/1';

function trustProxyProblems(value: string): readonly string[] {
  try {
    loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: value });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`TRUST_PROXY=${value} was accepted`);
}

const trustProxyOf = (value: string) => loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: value }).http.trustProxy;

describe('TRUST_PROXY refuses ranges that trust everyone', () => {
  test.each([
    [TRUST_EVERYONE],
    ['0.0.0.0/1'],
    ['::/1'],
    ['0.0.0.0/0'],
    ['10.0.0.0/7'],
    ['10.0.0.0/254.0.0.0'], // a netmask as wide as /7
    ['10.0.0.0/255.0.255.0'], // not a netmask at all
    ['2001::/15'],
    ['::ffff:0:0/96'], // every IPv4 peer, through its IPv4-mapped form
    ['::/80'], // contains ::ffff:0:0/96
    ['::ffff:0.0.0.0/100'], // IPv4 /4 in mapped form
    ['0/1'], // proxy-addr would read "0" as 0.0.0.0
    ['10.0.0.1, true'],
    ['true'],
    ['TRUE'],
    ['yes'],
    ['10.0.0.1,'],
    ['10.0.0.0/33'],
  ])('%p is refused with one line naming TRUST_PROXY', (value) => {
    const problems = trustProxyProblems(value);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TRUST_PROXY must be false, a number of proxy hops, or a comma list/);
    expect(problems[0]).toContain(`"${value}"`);
  });

  test('the refusal says which entry is too wide', () => {
    expect(trustProxyProblems(`10.0.0.1,${TRUST_EVERYONE}`)[0]).toMatch(
      /"0\.0\.0\.0\/1" is wider than \/8; "128\.0\.0\.0\/1" is wider than \/8; "::\/1" is wider than \/16; "8000::\/1" is wider than \/16\)$/,
    );
  });

  test.each([
    ['FALSE', false],
    ['False', false],
    [' 2 ', 2],
    ['0', 0],
    ['LoopBack', 'loopback'],
    ['uniquelocal, LINKLOCAL', 'uniquelocal,linklocal'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['10.0.0.0/255.0.0.0', '10.0.0.0/255.0.0.0'],
    ['192.168.1.10, 192.168.1.11', '192.168.1.10,192.168.1.11'],
    ['2001:DB8::/16', '2001:db8::/16'],
    ['::1', '::1'],
    ['::ffff:10.0.0.0/104', '::ffff:10.0.0.0/104'],
    ['fe80::1%eth0', 'fe80::1%eth0'],
  ])('%p is accepted (case-insensitive) as %p', (value, expected) => {
    expect(trustProxyOf(value)).toEqual(expected);
  });
});

describe('TRUST_PROXY at start-up', () => {
  const loginFrom = (server: Awaited<ReturnType<typeof startTestServer>>, forwardedFor: string) =>
    server.gql(LOGIN, { input: { email: 'nobody@example.com', password: 'not the password' } }, { headers: { 'x-forwarded-for': forwardedFor } });

  test('a server asked to trust everyone does not start', async () => {
    const outcome = await startTestServer({ env: { TRUST_PROXY: TRUST_EVERYONE } }).then(
      async (server) => {
        // Had it started, every client could pick its own address with X-Forwarded-For and never meet a per-IP limit.
        await server.stop();
        return 'started';
      },
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(ConfigError);
    expect((outcome as ConfigError).problems).toEqual([expect.stringMatching(/^TRUST_PROXY must be/)]);
  });

  test('FALSE starts, and X-Forwarded-For is ignored: the per-IP limit counts the TCP peer', async () => {
    const server = await startTestServer({ env: { TRUST_PROXY: 'FALSE', RATE_LIMIT_LOGIN_PER_IP: '1/15m' } });
    try {
      expect(errorOf(await loginFrom(server, '203.0.113.1')).extensions.reason).toBe('INVALID_CREDENTIALS');
      const second = await loginFrom(server, '203.0.113.2');
      expect(second.status).toBe(429);
    } finally {
      await server.stop();
    }
  });

  test('the preset LOOPBACK starts and trusts the local proxy: each forwarded client has its own budget', async () => {
    const server = await startTestServer({ env: { TRUST_PROXY: 'LOOPBACK', RATE_LIMIT_LOGIN_PER_IP: '1/15m' } });
    try {
      expect(errorOf(await loginFrom(server, '203.0.113.1')).extensions.reason).toBe('INVALID_CREDENTIALS');
      expect(errorOf(await loginFrom(server, '203.0.113.2')).extensions.reason).toBe('INVALID_CREDENTIALS');
      expect((await loginFrom(server, '203.0.113.1')).status).toBe(429);
    } finally {
      await server.stop();
    }
  });
});
