import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics, in one registry of our own (not prom-client's global one). Process-wide,
 * like the process they describe: every server of the process reports into them.
 *
 * Every label value is bounded by our code, never by a client: route patterns from the route table, our
 * schema's root fields, error reasons from the registry, limiter and store names from the code. No email,
 * token, IP, operationName or alias ever becomes a label (test/ops/metrics-labels.test.ts).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const SECONDS_FAST = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'tokengate_http_request_duration_seconds',
  help: 'HTTP requests by route, GraphQL operation type, outcome and status: duration (its _count is the number of requests)',
  labelNames: ['route', 'operation_type', 'outcome', 'status'] as const,
  buckets: SECONDS_FAST,
  registers: [registry],
});

export const graphqlOperations = new Counter({
  name: 'tokengate_graphql_operations_total',
  help: 'GraphQL root fields executed, by operation type and root field of our schema (aliases and operationName are never labels)',
  labelNames: ['operation_type', 'field'] as const,
  registers: [registry],
});

export const authenticationFailures = new Counter({
  name: 'tokengate_authentication_failures_total',
  help: 'Authentication failures answered, by extensions.reason',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const logins = new Counter({
  name: 'tokengate_logins_total',
  help: 'Logins, by result (success, failure)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const refreshes = new Counter({
  name: 'tokengate_refreshes_total',
  help: 'Refresh tokens exchanged, by kind (rotated: a new pair; replayed: the same pair again within the grace window)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const reuseDetections = new Counter({
  name: 'tokengate_refresh_reuse_detections_total',
  help: 'Refresh token reuse detected (sessions revoked), by cause',
  labelNames: ['cause'] as const,
  registers: [registry],
});

export const rateLimitRefusals = new Counter({
  name: 'tokengate_rate_limit_refusals_total',
  help: 'Requests refused by a rate limit, by limiter',
  labelNames: ['limiter'] as const,
  registers: [registry],
});

export const passwordHashDuration = new Histogram({
  name: 'tokengate_password_hash_duration_seconds',
  help: 'Password hashing work (hash, verify), from submission to the worker pool to its answer (queueing included)',
  labelNames: ['operation'] as const,
  buckets: SECONDS_SLOW,
  registers: [registry],
});

export const passwordJobsPending = new Gauge({
  name: 'tokengate_password_jobs_pending',
  help: 'Password hashing jobs submitted to the worker pool and not answered yet (queued or running)',
  registers: [registry],
});

export const authCacheLookups = new Counter({
  name: 'tokengate_auth_cache_lookups_total',
  help: 'Authentication cache lookups, by cache (tokens, users) and result (hit, miss)',
  labelNames: ['cache', 'result'] as const,
  registers: [registry],
});

export const storeOperationDuration = new Histogram({
  name: 'tokengate_store_operation_duration_seconds',
  help: 'Store operations, by store and method: duration',
  labelNames: ['store', 'operation'] as const,
  buckets: SECONDS_FAST,
  registers: [registry],
});

export const storeErrors = new Counter({
  name: 'tokengate_store_errors_total',
  help: 'Store operations that failed, by store and method',
  labelNames: ['store', 'operation'] as const,
  registers: [registry],
});

export const cacheSyncLag = new Histogram({
  name: 'tokengate_cache_sync_lag_seconds',
  help: "Time from a change's store stamp on another instance (a revoked token, a user's token version or roles) to this instance's cache applying it, by feed",
  labelNames: ['feed'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 5, 10, 30],
  registers: [registry],
});

export const websocketConnections = new Gauge({
  name: 'tokengate_websocket_connections',
  help: 'WebSocket connections open now',
  registers: [registry],
});

/** Metric names of ours (not prom-client's defaults), for the README list and its test. */
export const TOKENGATE_METRIC_NAMES = [
  httpRequestDuration, graphqlOperations, authenticationFailures, logins, refreshes, reuseDetections, rateLimitRefusals,
  passwordHashDuration, passwordJobsPending, authCacheLookups, storeOperationDuration, storeErrors, cacheSyncLag,
  websocketConnections,
].map((metric) => (metric as unknown as { name: string }).name);

/** A name chosen by our code (a limiter, a cause), checked anyway so that a slip cannot make a label unbounded. */
export const codeName = (value: unknown): string =>
  typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,47}$/.test(value) ? value : 'other';
