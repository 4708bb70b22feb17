import { networkInterfaces } from 'node:os';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { prepareKeyRing } from '../auth/tokens/key-retirement';
import type { Config } from '../config/config';
import type { RequestContext } from '../graphql/context.type';
import { createSchema } from '../graphql/schema';
import { AuthSettings } from '../graphql/types/auth-settings.type';
import { corsAllowList } from '../security/http-guards';
import { queryLimitsRule } from '../security/query-limits';
import { applyRateLimits } from '../security/rate-limited-mutations';
import { RateLimits } from '../security/rate-limits';
import { refusalStatusPlugin } from '../security/refusal-status.plugin';
import { computeSecurityHeaders } from '../security/security-headers';
import { withFailClosedStores } from '../security/store-outage';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Stores } from '../stores/stores';
import { subscriptionsOverWebSocketOnly } from '../realtime/http-subscriptions.plugin';
import { RealtimeServer } from '../realtime/websocket-server';
import { trustProxyOf } from './client-ip';
import { graphqlMetricsPlugin } from '../metrics/graphql-metrics.plugin';
import { measureHttpRequests } from '../metrics/http-metrics';
import { describeMetricsAccess, startMetricsServer } from '../metrics/metrics-endpoint';
import { withTimedStores } from '../metrics/timed-stores';
import { createErrorFormatter } from './format-error';
import { createContextBuilder, requestIdOf } from './graphql-context';
import { Readiness } from './health';
import { acceptFormBodiesOnly } from './oauth-form';
import { GRAPHQL_PATH, type Route, routes } from './routes';
import { createServerErrorHandler, MAX_BODY_BYTES, notFound } from './server-errors';
import { createServices, type Services } from './services';
import { openLiveChannels } from '../realtime/live-channels';
import { sessionLiveness } from '../realtime/session-liveness';

export { GRAPHQL_PATH } from './routes';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/cors reads it: false keeps a route out of CORS. */
    cors?: false;
  }
}

export interface ServerDeps {
  config: Config;
  stores: Stores;
  clock: Clock;
  logger: Logger;
}

export interface RunningServer {
  /** e.g. http://localhost:4000/graphql */
  url: string;
  port: number;
  services: Services;
  /** GraphQL over WebSocket: the open sockets and the seam that closes them (realtime.sockets.closeSockets). */
  realtime: RealtimeServer;
  /** SIGTERM: /health/ready answers 503 from now on, while every request is still served (SHUTDOWN_DELAY). */
  markShuttingDown(): void;
  stop(): Promise<void>;
}

/** Builds the GraphQL service over the given stores and listens on config.port (0: any free port). */
export async function startHttpServer({ config, stores: rawStores, clock, logger: baseLogger }: ServerDeps): Promise<RunningServer> {
  // Timed inside the fail-closed layer: the metrics see the store's own errors, before they are translated.
  const stores = withFailClosedStores(withTimedStores(rawStores));
  const readiness = new Readiness();
  // Session and security events for the sockets, across instances; every service's audit lines feed securityEvents.
  const live = openLiveChannels(stores, clock, baseLogger);
  const { logger } = live;
  // Before the services: 2FA counts wrong codes per user and per challenge (RATE_LIMIT_MFA_PER_USER).
  const rateLimits = await RateLimits.create({ ...config.http.rateLimits, ...config.mfa.rateLimits }, stores, logger);
  const services = createServices(config, stores, clock, logger, await prepareKeyRing(stores, config, clock), rateLimits, live);
  readiness.keysLoaded = true;
  const securityHeaders = await computeSecurityHeaders();
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    // Which hop's address is the client's: per-IP rate limits depend on it (TRUST_PROXY).
    trustProxy: trustProxyOf(config.http.trustProxy),
    genReqId: requestIdOf,
    // /graphql, /graphql/ and /GraphQL are one endpoint, with one set of headers.
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    // node:http's own defaults (Fastify's differ): idle keep-alive sockets close after 5 s, a request
    // (a slow body included) must arrive within 5 minutes.
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
  });
  const { introspection, queryLimits } = config.http;

  const schema = applyRateLimits(
    await createSchema({
      ...services,
      userStore: stores.users,
      settings: AuthSettings.from(config),
      permissions: config.rolePermissions,
      mfaRequiredForRoles: config.mfa.requiredForRoles,
    }),
    rateLimits,
    services.devices,
  );
  const formatError = createErrorFormatter(logger, queryLimits.maxTokens, { hideSchemaDetails: !introspection });
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection,
    // No "Did you mean …?" in validation errors when the schema is not public (format-error.ts covers the rest).
    hideSchemaDetailsFromClientErrors: !introspection,
    allowBatchedHttpRequests: config.http.maxBatch > 1,
    // Both stop hostile documents before execution: the parser after maxTokens, the rule before any resolver.
    parseOptions: { maxTokens: queryLimits.maxTokens },
    validationRules: [queryLimitsRule(queryLimits)],
    // index.ts owns signal handling, so the store is closed after the last request.
    stopOnTerminationSignals: false,
    // Unexpected errors are logged with their stack and masked (format-error.ts); expected ones need none.
    includeStacktraceInErrorResponses: false,
    formatError,
    logger,
    plugins: [
      // On stop: no new connections, in-flight requests finish (sockets still busy after 10 s are cut).
      fastifyApolloDrainPlugin(app),
      // No field declares a cache hint: the policy would be computed per request for nothing ("no-store" is static).
      ApolloServerPluginCacheControlDisabled(),
      refusalStatusPlugin(),
      subscriptionsOverWebSocketOnly(),
      graphqlMetricsPlugin(),
      // Sandbox without introspection would show an empty schema: the two go together.
      introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  // Every response, 404s and errors included: the security headers (computed once) and the request id.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders.api);
    reply.header('x-request-id', request.id);
    done();
  });
  measureHttpRequests(app);
  acceptJsonBodiesOnly(app);
  app.setErrorHandler(createServerErrorHandler(logger));
  app.setNotFoundHandler(notFound);
  // No request hook: the Cookie header is parsed only when an operation reads the refresh cookie.
  await app.register(fastifyCookie, { hook: false });
  if (config.http.corsOrigins.length > 0) await app.register(fastifyCors, corsAllowList(config.http.corsOrigins));

  const context = createContextBuilder(services.authenticator, logger, config);
  const table = routes({ apollo, context, config, securityHeaders, stores, introspection: services.introspection, rateLimits, logger, readiness });
  const add = (scope: FastifyInstance, { cors, formBody: _formBody, ...route }: Route): void => {
    scope.route({ ...route, config: cors ? {} : { cors: false } });
  };
  for (const route of table.filter((entry) => !entry.formBody)) add(app, route);
  // Form bodies are read only here: an encapsulated scope, so /graphql's parsers (and its CSRF defence) are untouched.
  await app.register(async (scope) => {
    acceptFormBodiesOnly(scope, logger);
    for (const route of table.filter((entry) => entry.formBody)) add(scope, route);
  });

  // Subscriptions: GraphQL over WebSocket on the same port and path, with the same schema, authenticator and error rules.
  const realtime = new RealtimeServer({
    config, schema, formatError, clock, logger, path: GRAPHQL_PATH,
    authenticator: services.authenticator,
    events: services.sessionEvents,
    security: live.security,
    sessionGoesOn: sessionLiveness(stores),
  });
  services.revocations.subscribe(realtime.sockets);
  realtime.attach(app.server);

  const metricsAccess = config.operations.metrics;
  const metricsServer = metricsAccess.mode === 'port' ? await startMetricsServer(metricsAccess, logger) : undefined;
  logger.info(describeMetricsAccess(metricsAccess));
  // A port already taken must not leave the metrics listener open behind the failed start.
  await app.listen({ port: config.port, host: allInterfaces() }).catch(async (error: unknown) => {
    await metricsServer?.close();
    throw error;
  });
  const port = app.server.address() as { port: number };
  return {
    url: `http://localhost:${port.port}${GRAPHQL_PATH}`,
    port: port.port,
    services,
    realtime,
    markShuttingDown: () => {
      readiness.shuttingDown = true;
    },
    // The drain plugin closes Fastify: no new connections, in-flight requests finish.
    stop: async () => {
      readiness.shuttingDown = true;
      // Sockets first (1001): an upgraded connection would otherwise hold the HTTP server open.
      await realtime.close();
      await apollo.stop();
      await metricsServer?.close();
      await services.close();
    },
  };
}

/**
 * Bodies are read as JSON (up to 100 kB) or not at all: any other content type reaches Apollo without a
 * body, so its CSRF prevention refuses a "simple" text/plain or form POST, as it did under Express.
 */
function acceptJsonBodiesOnly(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
}

/** Every interface, as node:http listens when given no host: IPv6 and IPv4 where the machine has IPv6. */
function allInterfaces(): string {
  const hasIpv6 = Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.family === 'IPv6'));
  return hasIpv6 ? '::' : '0.0.0.0';
}
