import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type RouteHandlerMethod } from 'fastify';
import type { MetricsAccess } from '../config/operations.config';
import type { Logger } from '../lib/logger';
import { registry } from './metrics';

export const METRICS_PATH = '/metrics';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** `Authorization: Bearer <token>`, compared in constant time (digests of equal length, whatever was sent). */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  // Compared even when the header is missing or malformed: the answer takes the same time.
  const given = digest(match?.[1] ?? '');
  return timingSafeEqual(given, expected) && match !== null;
}

/** GET /metrics in Prometheus text format; with a token, only for `Authorization: Bearer <token>`. */
export function metricsHandler(token: string | undefined): RouteHandlerMethod {
  const expected = token === undefined ? undefined : digest(token);
  return async (request, reply) => {
    if (expected && !bearerMatches(request.headers.authorization, expected)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .header('cache-control', 'no-store')
        .send({ error: 'unauthorized', error_description: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
    }
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  };
}

/** The start-up line that says where metrics are, or how to turn them on. */
export function describeMetricsAccess(access: MetricsAccess): string {
  switch (access.mode) {
    case 'off':
      return 'metrics: off (GET /metrics answers 404); set METRICS_TOKEN (Bearer, on this port) or METRICS_PORT (a port of its own, on METRICS_HOST) to serve them';
    case 'token':
      return 'metrics: GET /metrics on this port, with Authorization: Bearer <METRICS_TOKEN>';
    case 'port':
      return `metrics: GET http://${hostForUrl(access.host)}:${access.port}/metrics${access.token ? ', with Authorization: Bearer <METRICS_TOKEN>' : ''} (not on the API port)`;
  }
}

const hostForUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** METRICS_PORT: a listener of its own that serves GET /metrics and nothing else. */
export async function startMetricsServer(access: Extract<MetricsAccess, { mode: 'port' }>, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
  app.get(METRICS_PATH, metricsHandler(access.token));
  app.setErrorHandler((error, _request, reply) => {
    logger.error({ err: error }, 'metrics endpoint failed');
    return reply.code(500).send({ error: 'server_error' });
  });
  await app.listen({ port: access.port, host: access.host });
  return app;
}
