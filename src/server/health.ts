import type { RouteHandlerMethod } from 'fastify';
import type { Stores } from '../stores/stores';

/** GET /health: 200 while the store answers, 503 when it does not (load balancers take the instance out). */
export function healthHandler(stores: Stores): RouteHandlerMethod {
  return async (_request, reply) => {
    const healthy = await stores.isHealthy();
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', store: stores.kind, storeHealthy: healthy });
  };
}
