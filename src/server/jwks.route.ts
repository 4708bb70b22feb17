import type { RouteHandlerMethod } from 'fastify';
import type { SigningKeysConfig } from '../config/config';
import { ifNoneMatchHits, jwksCacheControl } from '../keys/jwks-http';
import { sendServerError } from './server-errors';

export const JWKS_PATH = '/.well-known/jwks.json';

/** An HMAC secret verifies as well as it signs: it is never published, so there is no key set to serve. */
const NO_JWKS = 'No key set is published: JWT_ALGORITHM is an HMAC algorithm, whose secret stays private';

/**
 * GET /.well-known/jwks.json: the public keys that verify our access tokens (current, next, previous), built
 * once at start. Cacheable by anyone for JWKS_MAX_AGE (Hasura refreshes its copy only when told how long to
 * keep it), with an ETag for conditional requests. Any origin may read it: it is public, carries no
 * credentials, and a browser-side verifier (jose's createRemoteJWKSet) needs it.
 */
export function jwksHandler(keys: SigningKeysConfig | undefined): RouteHandlerMethod {
  return async (request, reply) => {
    if (!keys) return sendServerError(request, reply, 404, NO_JWKS);
    const { body, etag } = keys.jwks;
    reply
      .header('cache-control', jwksCacheControl(keys.jwksMaxAgeSeconds))
      .header('etag', etag)
      .header('access-control-allow-origin', '*');
    if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.code(200).type('application/json').send(body);
  };
}
