import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { HttpSecurityConfig } from '../config/http-security.config';

type TrustFunction = (address: string, hop: number) => boolean;

/** TRUST_PROXY as Express read it: a hop count trusts that many hops, whatever their address (Fastify's number trusts none). */
export function trustProxyOf(trustProxy: HttpSecurityConfig['trustProxy']): boolean | string | TrustFunction {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return trustProxy;
}

/**
 * The client address of a raw request exactly as Fastify's request.ip computes it (same library, same trust),
 * for what Fastify does not route: the WebSocket upgrade.
 */
export function clientIpResolver(trustProxy: HttpSecurityConfig['trustProxy']): (request: IncomingMessage) => string | undefined {
  const trust = trustProxyOf(trustProxy);
  if (trust === false) return (request) => request.socket.remoteAddress;
  const compiled: TrustFunction =
    typeof trust === 'function' ? trust : trust === true ? () => true : proxyAddr.compile(trust.split(',').map((entry) => entry.trim()));
  return (request) => {
    const addresses = proxyAddr.all(request, compiled);
    return addresses[addresses.length - 1];
  };
}
