import type { RouteHandlerMethod } from 'fastify';
import type { Stores } from '../stores/stores';

/** GET /health: 200 while the store answers, 503 when it does not (load balancers take the instance out). */
export function healthHandler(stores: Stores): RouteHandlerMethod {
  return async (_request, reply) => {
    const healthy = await stores.isHealthy();
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', store: stores.kind, storeHealthy: healthy });
  };
}

/** What readiness depends on besides the store: set by the server as it starts and stops. */
export class Readiness {
  /** The signing keys (and previous keys' retirements) are in hand: tokens can be issued and verified. */
  keysLoaded = false;
  /** SIGTERM received: a load balancer should stop sending, though requests are still served. */
  shuttingDown = false;
}

/** GET /health/live: the process answers. Nothing else is asked, so a slow store never gets the process restarted. */
export const liveHandler: RouteHandlerMethod = async (_request, reply) => reply.send({ status: 'ok' });

/**
 * GET /health/ready: 200 when this instance should get traffic (store reachable, keys loaded, not shutting
 * down), else 503 with the checks, so an operator sees which one failed.
 */
export function readyHandler(stores: Stores, readiness: Readiness): RouteHandlerMethod {
  return async (_request, reply) => {
    const checks = { store: await stores.isHealthy(), keys: readiness.keysLoaded, shuttingDown: readiness.shuttingDown };
    const ready = checks.store && checks.keys && !checks.shuttingDown;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  };
}
