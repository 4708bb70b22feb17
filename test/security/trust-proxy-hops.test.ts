import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { LOGIN, uniqueEmail } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';

/**
 * The client IP a server with this TRUST_PROXY sees for a request carrying this X-Forwarded-For (the test
 * itself connects from loopback): read from the audit line of a failed login.
 */
async function clientIpSeen(trustProxy: string, forwardedFor: string | undefined): Promise<string> {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) }));
  const clock = new ManualClock();
  const stores = createMemoryStores(clock);
  const server = await startHttpServer({ config: loadConfig({ ...TEST_ENV, LOG_LEVEL: 'info', TRUST_PROXY: trustProxy }), stores, clock, logger });
  try {
    const headers: Record<string, string> = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
    await postGraphQL(server.url, LOGIN, { input: { email: uniqueEmail(), password: 'wrong password!' } }, { headers });
    const failed = lines.map((line) => JSON.parse(line)).find((line) => line.event === 'login_failed');
    return failed.ip;
  } finally {
    await server.stop();
    await stores.close();
  }
}

const LOOPBACK = /^(::ffff:)?127\.0\.0\.1$|^::1$/;

describe('TRUST_PROXY: which address is the client', () => {
  test('false (default): the peer, whatever X-Forwarded-For claims', async () => {
    expect(await clientIpSeen('false', '203.0.113.9')).toMatch(LOOPBACK);
  });

  test('a hop count trusts that many hops from the server, whatever their address', async () => {
    expect(await clientIpSeen('1', '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(await clientIpSeen('2', '198.51.100.1, 203.0.113.9')).toBe('198.51.100.1');
    // More hops than the header holds: the first address in it.
    expect(await clientIpSeen('3', '198.51.100.1, 203.0.113.9')).toBe('198.51.100.1');
    expect(await clientIpSeen('1', undefined)).toMatch(LOOPBACK);
  });

  test('addresses: only a listed proxy is believed, and the first unlisted hop is the client', async () => {
    expect(await clientIpSeen('loopback', '198.51.100.1, 203.0.113.9')).toBe('203.0.113.9');
    expect(await clientIpSeen('loopback, 203.0.113.0/24', '198.51.100.1, 203.0.113.9')).toBe('198.51.100.1');
    // The peer is not a listed proxy: its X-Forwarded-For is a client's claim, ignored.
    expect(await clientIpSeen('10.0.0.1', '203.0.113.9')).toMatch(LOOPBACK);
  });
});
