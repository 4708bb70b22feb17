import { isIPv4, isIPv6 } from 'node:net';

/**
 * TRUST_PROXY: which peers may tell us the client's address in X-Forwarded-For. Per-IP rate limits depend on
 * it, so a value that trusts everyone (`true`, or ranges such as `0.0.0.0/1,128.0.0.0/1`) would let any client
 * choose its own IP. Literal ranges are therefore bounded; the named presets of proxy-addr stay allowed.
 */
export const TRUST_PROXY_PRESETS = ['loopback', 'linklocal', 'uniquelocal'] as const;
/** The widest literal range accepted: a /8 of IPv4 (16 million addresses), a /16 of IPv6. */
export const WIDEST_IPV4_PREFIX = 8;
export const WIDEST_IPV6_PREFIX = 16;

const VARIABLE = 'TRUST_PROXY';
const USAGE = `${VARIABLE} must be false, a number of proxy hops, or a comma list of proxy addresses, ranges (at most /${WIDEST_IPV4_PREFIX} for IPv4, /${WIDEST_IPV6_PREFIX} for IPv6) or ${TRUST_PROXY_PRESETS.join(', ')}`;

/** Express/Fastify `trust proxy`: false, a number of hops, or a normalised comma list. Pushes one line per bad value. */
export function parseTrustProxy(text: string, problems: string[]): boolean | number | string {
  const value = text.trim().toLowerCase();
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  // "true" would trust any X-Forwarded-For: a client could pick its own IP and dodge every per-IP limit.
  if (value === 'true') {
    problems.push(`${USAGE} (got "${text}": true would let every client choose its own IP)`);
    return false;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const refusals = entries.map(entryProblem).filter((problem): problem is string => problem !== undefined);
  if (refusals.length > 0) {
    problems.push(`${USAGE} (got "${text}": ${refusals.join('; ')})`);
    return false;
  }
  return entries.join(',');
}

/** Why one entry of the list is refused, or undefined when it is a preset, an address or a narrow enough range. */
function entryProblem(entry: string): string | undefined {
  if ((TRUST_PROXY_PRESETS as readonly string[]).includes(entry)) return undefined;
  const slash = entry.indexOf('/');
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const range = slash === -1 ? undefined : entry.slice(slash + 1);
  if (isIPv4(address)) return ipv4Problem(entry, range === undefined ? 32 : ipv4Prefix(range));
  const hextets = isIPv6(address) ? ipv6Hextets(address) : undefined;
  if (hextets) return ipv6Problem(entry, hextets, range === undefined ? 128 : decimalPrefix(range, 128));
  return `"${entry}" is not an IP address, a range or a preset`;
}

function ipv4Problem(entry: string, prefix: number | undefined): string | undefined {
  if (prefix === undefined || prefix < 1) return `"${entry}" has an invalid prefix`;
  if (prefix < WIDEST_IPV4_PREFIX) return `"${entry}" is wider than /${WIDEST_IPV4_PREFIX}`;
  return undefined;
}

function ipv6Problem(entry: string, hextets: readonly number[], prefix: number | undefined): string | undefined {
  if (prefix === undefined || prefix < 1) return `"${entry}" has an invalid prefix`;
  if (prefix < WIDEST_IPV6_PREFIX) return `"${entry}" is wider than /${WIDEST_IPV6_PREFIX}`;
  // proxy-addr matches IPv4 peers against an IPv6 range through their mapped form (::ffff:a.b.c.d), so a range
  // reaching into ::ffff:0:0/96 trusts that many IPv4 addresses: it is held to the IPv4 bound (also when it only
  // contains the block, which other versions of proxy-addr match too).
  const mappedPrefix = ipv4MappedPrefix(hextets, prefix);
  if (mappedPrefix !== undefined && mappedPrefix < WIDEST_IPV4_PREFIX) {
    return `"${entry}" covers IPv4-mapped addresses wider than /${WIDEST_IPV4_PREFIX}`;
  }
  return undefined;
}

/** A prefix length (`/24`) or an IPv4 netmask (`/255.255.255.0`, contiguous only), as proxy-addr accepts. */
function ipv4Prefix(range: string): number | undefined {
  if (!isIPv4(range)) return decimalPrefix(range, 32);
  const bits = range.split('.').map((octet) => Number(octet).toString(2).padStart(8, '0')).join('');
  if (!/^1*0*$/.test(bits)) return undefined;
  return bits.includes('0') ? bits.indexOf('0') : 32;
}

function decimalPrefix(range: string, max: number): number | undefined {
  return /^\d{1,3}$/.test(range) && Number(range) <= max ? Number(range) : undefined;
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded IPv4 tail and a zone id allowed). */
function ipv6Hextets(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '');
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail[1].split('.').map(Number);
    text = `${text.slice(0, ipv4Tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const groups = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = groups(head);
  const right = groups(tail);
  const hextets = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return hextets.length === 8 && hextets.every((group) => Number.isInteger(group)) ? hextets : undefined;
}

/**
 * The IPv4 prefix an IPv6 range amounts to inside ::ffff:0:0/96, or undefined when the range does not reach it.
 * A range of /96 or wider that contains the whole block trusts every IPv4 peer: prefix 0.
 */
function ipv4MappedPrefix(hextets: readonly number[], prefix: number): number | undefined {
  const mapped = [0, 0, 0, 0, 0, 0xffff];
  const compared = Math.min(prefix, 96);
  for (let bit = 0; bit < compared; bit++) {
    const group = Math.floor(bit / 16);
    const mask = 0x8000 >> bit % 16;
    if ((hextets[group] & mask) !== (mapped[group] & mask)) return undefined;
  }
  return Math.max(prefix - 96, 0);
}
