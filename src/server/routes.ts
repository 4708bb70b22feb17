import type { HTTPMethods, onRequestHookHandler, RouteHandlerMethod } from 'fastify';
import type { Stores } from '../stores/stores';
import { graphqlRoute, type GraphQLRouteDeps } from './graphql-route';
import { healthHandler } from './health';
import { JWKS_PATH, jwksHandler } from './jwks.route';

export const GRAPHQL_PATH = '/graphql';
export const HEALTH_PATH = '/health';

/** One endpoint. Paths match case-insensitively and with or without a trailing slash (http-server.ts). */
export interface Route {
  method: HTTPMethods | HTTPMethods[];
  url: string;
  handler: RouteHandlerMethod;
  /** Runs before the body is read: refusals that must come before anything executes. */
  onRequest?: onRequestHookHandler;
  /** Origins in CORS_ORIGINS may call it from a browser, with credentials; other routes never answer CORS. */
  cors?: boolean;
}

export interface RouteDeps extends GraphQLRouteDeps {
  stores: Stores;
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
    // The public keys of access tokens (asymmetric JWT_ALGORITHM); 404 with an HMAC one. Any origin: see jwks.route.ts.
    { method: 'GET', url: JWKS_PATH, handler: jwksHandler(deps.config.jwt.signingKeys) },
  ];
}
