import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestAuthenticator } from '../auth/request-authenticator';
import type { Config } from '../config/config';
import { TokenError } from '../auth/tokens/token.errors';
import { invalidAccessToken, serviceUnavailable } from '../errors/api-errors';
import type { RequestContext } from '../graphql/context.type';
import type { Logger } from '../lib/logger';
import type { RequestInfo } from '../lib/request-context';
import { DeviceCookie, deviceCookieSpec } from '../security/device-cookie';
import { RefreshCookie, refreshCookieSpec } from '../security/refresh-cookie';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A client's X-Request-Id when it is sane, else a fresh one: it ties log lines to a request (Fastify's genReqId). */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Builds each request's context; a bad Authorization header refuses the whole request (401). */
export function createContextBuilder(authenticator: RequestAuthenticator, logger: Logger, config: Config) {
  // Secure needs HTTPS; plain-HTTP localhost development is the one place it is left off.
  const secure = config.nodeEnv !== 'development';
  const refreshSpec = refreshCookieSpec(secure, config.jwt.refreshTokenTtlSeconds);
  const deviceSpec = deviceCookieSpec(secure, config.jwt.deviceTokenTtlSeconds);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<RequestContext> => {
    const requestId = request.id;
    const cookieMode = config.http.refreshTokenCookie;
    const refreshCookie = cookieMode ? new RefreshCookie(request, reply, refreshSpec) : undefined;
    const deviceCookie = cookieMode ? new DeviceCookie(request, reply, deviceSpec) : undefined;
    refreshCookie?.expireLegacy();
    try {
      const client = { requestId, ip: request.ip, userAgent: request.headers['user-agent'] };
      const caller = await authenticator.authenticate(request.headers.authorization, client);
      const batched = Array.isArray(request.body);
      // The audit log's "who asked", built once and handed to the services: no async-context tracking.
      const info: RequestInfo = { requestId, ip: request.ip, userAgent: request.headers['user-agent'], actorId: caller?.user.id };
      return { caller, request: info, refreshCookie, deviceCookie, batched };
    } catch (error) {
      if (error instanceof TokenError) throw invalidAccessToken(error.reason);
      // The store could not answer: fail closed, never let the request through unauthenticated.
      logger.error({ err: error, requestId }, 'authentication failed: store unavailable');
      throw serviceUnavailable();
    }
  };
}
