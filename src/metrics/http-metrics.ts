import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpRequestDuration } from './metrics';
import { peekNote } from './request-notes';

/** Requests that matched no route: one value, whatever path a client asked for. */
const UNMATCHED = 'unmatched';

/**
 * One onResponse hook counts and times every request, 404s and errors included: route (the pattern from
 * routes.ts, never the path asked for), GraphQL operation type, outcome and status.
 */
export function measureHttpRequests(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(labelsOf(request, reply), reply.elapsedTime / 1000);
    done();
  });
}

function labelsOf(request: FastifyRequest, reply: FastifyReply) {
  const status = reply.statusCode;
  const note = peekNote(request);
  const types = note ? [...note.operationTypes] : [];
  // A GraphQL request refused before its operation was read (bad JSON, 401, invalid document) has no type.
  const operationType = !note ? 'none' : types.length === 0 ? 'unknown' : types.length === 1 ? types[0] : 'mixed';
  const outcome = status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : note?.errors ? 'graphql_error' : 'ok';
  return { route: request.routeOptions.url ?? UNMATCHED, operation_type: operationType, outcome, status: String(status) };
}
