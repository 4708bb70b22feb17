import type { RouteHandlerMethod } from 'fastify';
import type { Config } from '../config/config';
import { INTROSPECTION_PATH, REVOCATION_PATH } from './oauth-endpoints';

export const AUTHORIZATION_SERVER_METADATA_PATH = '/.well-known/oauth-authorization-server';
export const JWKS_PATH = '/.well-known/jwks.json';
/** The document changes only with the configuration (a restart): five minutes of caching costs nothing. */
const METADATA_MAX_AGE_SECONDS = 300;

/**
 * RFC 8414 metadata, listing only what tokengate serves: tokens are issued through GraphQL (login, refresh),
 * not through OAuth authorization or token endpoints, so neither those nor `response_types_supported` appear
 * (README "Verifying tokens in other services" says how that deviates from the RFC's REQUIRED fields).
 * Absolute URLs come from PUBLIC_URL, never from the request's Host header.
 */
export function authorizationServerMetadata(config: Config): Record<string, unknown> {
  const base = config.publicUrl;
  const clients = config.introspectionClients.configured;
  const authMethods = ['client_secret_basic'];
  return {
    issuer: config.jwt.issuer,
    // With HMAC the JWKS route answers 404 (a secret is never published): no jwks_uri to point at.
    ...(config.jwt.algorithm.startsWith('HS') ? {} : { jwks_uri: `${base}${JWKS_PATH}` }),
    ...(clients
      ? {
          introspection_endpoint: `${base}${INTROSPECTION_PATH}`,
          introspection_endpoint_auth_methods_supported: authMethods,
          revocation_endpoint: `${base}${REVOCATION_PATH}`,
          revocation_endpoint_auth_methods_supported: authMethods,
        }
      : {}),
  };
}

/** GET /.well-known/oauth-authorization-server: the document, built once. */
export function metadataHandler(config: Config): RouteHandlerMethod {
  const body = JSON.stringify(authorizationServerMetadata(config));
  return async (_request, reply) =>
    reply.header('cache-control', `public, max-age=${METADATA_MAX_AGE_SECONDS}`).type('application/json').send(body);
}
