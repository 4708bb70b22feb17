import type { FastifyReply, FastifyRequest, onRequestHookHandler, RouteHandlerMethod } from 'fastify';
import { GraphQLError } from 'graphql';
import { AuditLog } from '../audit/audit-log';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import { BASIC_CHALLENGE } from '../oauth/basic-credentials';
import type { IntrospectionClients } from '../oauth/introspection-clients';
import type { TokenIntrospection } from '../oauth/token-introspection';
import type { RateLimits } from '../security/rate-limits';
import { StoreUnavailableError } from '../security/store-outage';
import { type FormParameters, sendOAuthError } from './oauth-form';

export const INTROSPECTION_PATH = '/oauth/introspect';
export const REVOCATION_PATH = '/oauth/revoke';

export interface OAuthEndpointDeps {
  clients: IntrospectionClients;
  introspection: TokenIntrospection;
  rateLimits: RateLimits;
  logger: Logger;
}

type Endpoint = { onRequest: onRequestHookHandler; handler: RouteHandlerMethod };

/** The authenticated client of a request, set by the onRequest hook before the body is read. */
const clientIds = new WeakMap<FastifyRequest, string>();

/** POST /oauth/introspect (RFC 7662): whether a token is live, and what it says, for a trusted resource server. */
export function introspectionEndpoint(deps: OAuthEndpointDeps): Endpoint {
  return oauthEndpoint(deps, 'introspect', async ({ clientId, token, hint, request }, reply, audit) => {
    const answer = await deps.introspection.introspect(token, hint, clientId);
    const details = answer.active ? { tokenType: answer.token_type, userId: answer.sub } : {};
    audit.record('token_introspected', { clientId, active: answer.active, ...details }, infoOf(request));
    // RFC 7662 §4: the answer must not be kept by a cache.
    return reply.header('cache-control', 'no-store').send(answer);
  });
}

/** POST /oauth/revoke (RFC 7009): ends a token; 200 whatever the token was, so the answer reveals nothing. */
export function revocationEndpoint(deps: OAuthEndpointDeps): Endpoint {
  return oauthEndpoint(deps, 'revoke', async ({ clientId, token, hint, request }, reply, audit) => {
    const outcome = await deps.introspection.revoke(token, hint, infoOf(request));
    const details = outcome
      ? { tokenType: outcome.type, userId: outcome.userId, newlyRevoked: outcome.revoked, sessionEnded: outcome.sessionEnded }
      : {};
    audit.record('token_revoked', { clientId, valid: outcome !== undefined, ...details }, infoOf(request));
    return reply.code(200).header('cache-control', 'no-store').send();
  });
}

interface OAuthInput {
  clientId: string;
  token: string;
  hint: string | undefined;
  request: FastifyRequest;
}

/**
 * What both endpoints share: the client authenticated before the body is read, the required `token` and the
 * optional `token_type_hint` of the form, and OAuth-shaped errors for anything unexpected.
 */
function oauthEndpoint(
  deps: OAuthEndpointDeps,
  endpoint: 'introspect' | 'revoke',
  serve: (input: OAuthInput, reply: FastifyReply, audit: AuditLog) => Promise<FastifyReply>,
): Endpoint {
  const audit = new AuditLog(deps.logger);
  return {
    onRequest: authenticateClient(deps, audit, endpoint),
    handler: async (request, reply) => {
      const token = tokenOf(request.body);
      if (token === undefined) return sendOAuthError(reply, 400, 'invalid_request', 'The token parameter is required');
      const hint = (request.body as FormParameters).get('token_type_hint');
      try {
        return await serve({ clientId: clientIds.get(request) as string, token, hint, request }, reply, audit);
      } catch (error) {
        return failed(reply, error, deps.logger, request);
      }
    },
  };
}

/**
 * Before the body is read: client credentials (HTTP Basic against INTROSPECTION_CLIENTS, constant time),
 * then one attempt of the client's budget (RATE_LIMIT_INTROSPECTION_PER_CLIENT, shared by both endpoints).
 */
function authenticateClient(deps: OAuthEndpointDeps, audit: AuditLog, endpoint: string): onRequestHookHandler {
  return async (request, reply) => {
    const header = request.headers.authorization;
    const client = deps.clients.authenticateClient(header);
    if (!client) {
      audit.record('client_authentication_failed', { endpoint, credentials: header ? 'wrong' : 'missing' }, infoOf(request));
      reply.header('www-authenticate', BASIC_CHALLENGE);
      return sendOAuthError(reply, 401, 'invalid_client', 'Client authentication failed');
    }
    try {
      await deps.rateLimits.consume('introspectionPerClient', client.clientId, infoOf(request));
    } catch (error) {
      return failed(reply, error, deps.logger, request);
    }
    clientIds.set(request, client.clientId);
  };
}

/** The `token` parameter, when the body is a form that has a non-empty one. */
function tokenOf(body: unknown): string | undefined {
  const token = body instanceof Map ? (body as FormParameters).get('token') : undefined;
  return token ? token : undefined;
}

function failed(reply: FastifyReply, error: unknown, logger: Logger, request: FastifyRequest): FastifyReply {
  if (error instanceof GraphQLError && error.extensions.code === 'TOO_MANY_REQUESTS') {
    const retryAfter = Number(error.extensions.retryAfter) || 1;
    reply.header('retry-after', String(retryAfter));
    return sendOAuthError(reply, 429, 'too_many_requests', `Too many requests, retry in ${retryAfter} s`);
  }
  if (error instanceof StoreUnavailableError) {
    logger.error({ err: error, requestId: request.id }, 'OAuth endpoint failed: store unavailable');
    return sendOAuthError(reply, 503, 'temporarily_unavailable', 'The service is temporarily unavailable, please retry');
  }
  throw error;
}

/** The audit log's "who asked"; the actor is the client, named in the details. */
function infoOf(request: FastifyRequest): RequestInfo {
  return { requestId: request.id, ip: request.ip, userAgent: request.headers['user-agent'] };
}
