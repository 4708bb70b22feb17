import { clientSubnet } from '../../src/security/client-subnet';

// The subnet that binds a refresh token's grace window to a client: /24 for IPv4, /48 for IPv6.
describe('clientSubnet', () => {
  test.each([
    [undefined, 'unknown'],
    ['', 'unknown'],
    ['203.0.113.7', '203.0.113.0/24'],
    ['203.0.113.250', '203.0.113.0/24'],
    ['198.51.100.7', '198.51.100.0/24'],
    ['::ffff:203.0.113.7', '203.0.113.0/24'],
    ['::FFFF:203.0.113.7', '203.0.113.0/24'],
    ['::ffff:cb00:7107', '203.0.113.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1::/48'],
    ['2001:db8:1:ffff::9', '2001:db8:1::/48'],
    ['2001:0DB8:0001:0002::1', '2001:db8:1::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['::', '0:0:0::/48'],
    ['fe80::1%eth0', 'fe80:0:0::/48'],
    ['64:ff9b::203.0.113.7', '64:ff9b:0::/48'],
    ['not-an-ip', 'other:not-an-ip'],
  ])('%p -> %p', (ip, subnet) => {
    expect(clientSubnet(ip)).toBe(subnet);
  });

  test('the same /24 is one subnet, a neighbouring /24 another', () => {
    expect(clientSubnet('203.0.113.1')).toBe(clientSubnet('203.0.113.254'));
    expect(clientSubnet('203.0.113.1')).not.toBe(clientSubnet('203.0.114.1'));
  });

  test('the same /48 is one subnet whatever the /64, a neighbouring /48 another', () => {
    expect(clientSubnet('2001:db8:1:a::1')).toBe(clientSubnet('2001:db8:1:b::2'));
    expect(clientSubnet('2001:db8:1::1')).not.toBe(clientSubnet('2001:db8:2::1'));
  });
});
