import type { FastifyCorsOptions } from '@fastify/cors';
import type { HttpSecurityConfig } from '../config/http-security.config';

/** CORS only for the listed origins, with credentials (the refresh cookie); anyone else gets no CORS headers. */
export function corsAllowList(origins: readonly string[]): FastifyCorsOptions {
  const allowed = new Set(origins);
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'www-authenticate'],
    maxAge: 600,
  };
}

/** A JSON array body is a batch: refused outright when batching is off, or when longer than allowed. */
export function batchRefusal(body: unknown, config: Pick<HttpSecurityConfig, 'maxBatch'>): string | undefined {
  if (!Array.isArray(body)) return undefined;
  if (config.maxBatch <= 1) return 'Batched operations are turned off (GRAPHQL_MAX_BATCH)';
  if (body.length > config.maxBatch) {
    return `A batch may hold at most ${config.maxBatch} operations (GRAPHQL_MAX_BATCH); this one has ${body.length}`;
  }
  return undefined;
}
