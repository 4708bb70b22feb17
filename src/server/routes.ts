import type { HTTPMethods, onRequestHookHandler, RouteHandlerMethod } from 'fastify';
import type { Stores } from '../stores/stores';
import { AUTHORIZATION_SERVER_METADATA_PATH, metadataHandler } from './discovery';
import { graphqlRoute, type GraphQLRouteDeps } from './graphql-route';
import { METRICS_PATH, metricsHandler } from '../metrics/metrics-endpoint';
import { healthHandler, liveHandler, type Readiness, readyHandler } from './health';
import { JWKS_PATH, jwksHandler } from './jwks.route';
import { INTROSPECTION_PATH, introspectionEndpoint, type OAuthEndpointDeps, REVOCATION_PATH, revocationEndpoint } from './oauth-endpoints';

export const GRAPHQL_PATH = '/graphql';
export const HEALTH_PATH = '/health';
export const LIVE_PATH = '/health/live';
export const READY_PATH = '/health/ready';

/** One endpoint. Paths match case-insensitively and with or without a trailing slash (http-server.ts). */
export interface Route {
  method: HTTPMethods | HTTPMethods[];
  url: string;
  handler: RouteHandlerMethod;
  /** Runs before the body is read: refusals that must come before anything executes. */
  onRequest?: onRequestHookHandler;
  /** Origins in CORS_ORIGINS may call it from a browser, with credentials; other routes never answer CORS. */
  cors?: boolean;
  /** The body is an application/x-www-form-urlencoded form (OAuth), read in a scope of its own (http-server.ts). */
  formBody?: boolean;
}

export interface RouteDeps extends GraphQLRouteDeps, Omit<OAuthEndpointDeps, 'clients'> {
  stores: Stores;
  readiness: Readiness;
}

/**
 * Every route of the service, in one table: the whole HTTP surface at a glance, and a new endpoint is one
 * more entry. What every response gets (security headers, x-request-id, the error shape, 404) is in http-server.ts.
 */
export function routes(deps: RouteDeps): readonly Route[] {
  return [
    // GraphQL queries and mutations (GET and POST); in a browser with introspection on, Apollo's Sandbox page.
    { method: ['GET', 'POST'], url: GRAPHQL_PATH, cors: true, ...graphqlRoute(deps) },
    // Whether this instance and its store can serve: 200, or 503 during a store outage.
    { method: 'GET', url: HEALTH_PATH, handler: healthHandler(deps.stores) },
    // Liveness: the process answers (restart it when not). Readiness: send it traffic (store, keys, not shutting down).
    { method: 'GET', url: LIVE_PATH, handler: liveHandler },
    { method: 'GET', url: READY_PATH, handler: readyHandler(deps.stores, deps.readiness) },
    // The public keys of access tokens (asymmetric JWT_ALGORITHM); 404 with an HMAC one. Any origin: see jwks.route.ts.
    { method: 'GET', url: JWKS_PATH, handler: jwksHandler(deps.config.jwt.signingKeys) },
    // RFC 8414 metadata: issuer, and the endpoints below when they exist. No openid-configuration: we issue no ID tokens.
    { method: 'GET', url: AUTHORIZATION_SERVER_METADATA_PATH, handler: metadataHandler(deps.config) },
    ...oauthRoutes(deps),
    ...metricsRoutes(deps),
  ];
}

/**
 * Prometheus metrics on this port only with METRICS_TOKEN and no METRICS_PORT (Bearer required); with
 * METRICS_PORT they are on that port alone (metrics-endpoint.ts); with neither, 404. Never public by default.
 */
function metricsRoutes(deps: RouteDeps): Route[] {
  const access = deps.config.operations.metrics;
  if (access.mode !== 'token') return [];
  return [{ method: 'GET', url: METRICS_PATH, handler: metricsHandler(access.token) }];
}

/** RFC 7662 introspection and RFC 7009 revocation for trusted services; without INTROSPECTION_CLIENTS, 404. */
function oauthRoutes(deps: RouteDeps): Route[] {
  const clients = deps.config.introspectionClients;
  if (!clients.configured) return [];
  const oauth = { ...deps, clients };
  return [
    { method: 'POST', url: INTROSPECTION_PATH, formBody: true, ...introspectionEndpoint(oauth) },
    { method: 'POST', url: REVOCATION_PATH, formBody: true, ...revocationEndpoint(oauth) },
  ];
}
