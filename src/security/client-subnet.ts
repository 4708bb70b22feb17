import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a client address belongs to: its /24 for IPv4 (IPv4-mapped IPv6 included), its /48 for IPv6.
 * A client keeps its subnet across a reconnect, a NAT pool or IPv6 privacy addresses, while a thief elsewhere
 * does not share it. Used to bind a spent refresh token's grace window to the client that spent it.
 * Anything that is not an IP address (a garbled X-Forwarded-For) is its own subnet: it matches only itself.
 */
export function clientSubnet(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (isIPv4(ip)) return ipv4Subnet(ip);
  const address = ip.split('%')[0];
  if (!isIPv6(address)) return `other:${ip}`;
  const groups = ipv6Groups(address);
  // ::ffff:a.b.c.d (and its hexadecimal spelling) is an IPv4 client on a dual-stack socket.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return ipv4Subnet([groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8].join('.'));
  }
  return `${groups.slice(0, 3).map((group) => group.toString(16)).join(':')}::/48`;
}

function ipv4Subnet(ip: string): string {
  const [a, b, c] = ip.split('.').map(Number);
  return `${a}.${b}.${c}.0/24`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = dotted
    ? address.slice(0, dotted.index) +
      [((+dotted[1] << 8) | +dotted[2]).toString(16), ((+dotted[3] << 8) | +dotted[4]).toString(16)].join(':')
    : address;
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const headGroups = parse(head);
  if (tail === undefined) return headGroups;
  const tailGroups = parse(tail);
  return [...headGroups, ...Array<number>(8 - headGroups.length - tailGroups.length).fill(0), ...tailGroups];
}
