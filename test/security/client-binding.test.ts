import { clientOf, isSameClient } from '../../src/security/client-binding';

// What a rotation records about its client, and when a later request counts as that client.
const request = (ip: string | undefined, userAgent: string | undefined) => ({ requestId: 'r', ip, userAgent });

describe('client binding', () => {
  test('records the subnet and a fixed-size hash of the user agent, never the agent or the full address', () => {
    const client = clientOf(request('203.0.113.77', 'Mozilla/5.0 '.repeat(500)));
    expect(client).toEqual({ subnet: '203.0.113.0/24', userAgentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(client)).not.toContain('Mozilla');
    expect(JSON.stringify(client)).not.toContain('203.0.113.77');
  });

  test.each([
    ['the same address and agent', request('203.0.113.7', 'ua'), true],
    ['another address of the /24', request('203.0.113.200', 'ua'), true],
    ['the same address as IPv4-mapped IPv6', request('::ffff:203.0.113.7', 'ua'), true],
    ['another /24', request('203.0.112.7', 'ua'), false],
    ['another user agent', request('203.0.113.7', 'ua2'), false],
    ['no user agent', request('203.0.113.7', undefined), false],
  ])('%s: same client = %p', (_case, later, same) => {
    expect(isSameClient(clientOf(request('203.0.113.7', 'ua')), clientOf(later))).toBe(same);
  });

  test('a rotation recorded without a client (before the binding) matches no client', () => {
    expect(isSameClient(undefined, clientOf(request('203.0.113.7', 'ua')))).toBe(false);
  });
});
