import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import { prepareKeyRing } from '../auth/tokens/key-retirement';
import type { Config } from '../config/config';
import type { RequestContext } from '../graphql/context.type';
import { createSchema } from '../graphql/schema';
import { AuthSettings } from '../graphql/types/auth-settings.type';
import { batchCap, corsAllowList, securityHeaders } from '../security/http-guards';
import { queryLimitsRule } from '../security/query-limits';
import { applyRateLimits } from '../security/rate-limited-mutations';
import { RateLimits } from '../security/rate-limits';
import { refusalStatusPlugin } from '../security/refusal-status.plugin';
import { withFailClosedStores } from '../security/store-outage';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { requestContextMiddleware } from '../lib/request-context';
import type { Stores } from '../stores/stores';
import { createErrorFormatter } from './format-error';
import { createContextBuilder, requestIdOf } from './graphql-context';
import { createServices, type Services } from './services';

export const GRAPHQL_PATH = '/graphql';
export const MAX_BODY_BYTES = '100kb';

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
  stop(): Promise<void>;
}

/** Builds the GraphQL service over the given stores and listens on config.port (0: any free port). */
export async function startHttpServer({ config, stores: rawStores, clock, logger }: ServerDeps): Promise<RunningServer> {
  const stores = withFailClosedStores(rawStores);
  const services = createServices(config, stores, clock, logger, await prepareKeyRing(stores, config, clock));
  const rateLimits = await RateLimits.create(config.http.rateLimits, stores, logger);
  const app = express();
  app.disable('x-powered-by');
  // Which hop's address is the client's: per-IP rate limits depend on it (TRUST_PROXY).
  app.set('trust proxy', config.http.trustProxy);
  const httpServer = http.createServer(app);
  const { introspection, queryLimits } = config.http;

  const apollo = new ApolloServer<RequestContext>({
    schema: applyRateLimits(await createSchema({ ...services, settings: AuthSettings.from(config) }), rateLimits, services.devices),
    introspection,
    allowBatchedHttpRequests: config.http.maxBatch > 1,
    // Both stop hostile documents before execution: the parser after maxTokens, the rule before any resolver.
    parseOptions: { maxTokens: queryLimits.maxTokens },
    validationRules: [queryLimitsRule(queryLimits)],
    // index.ts owns signal handling, so the store is closed after the last request.
    stopOnTerminationSignals: false,
    // Unexpected errors are logged with their stack and masked (format-error.ts); expected ones need none.
    includeStacktraceInErrorResponses: false,
    formatError: createErrorFormatter(logger, queryLimits.maxTokens),
    logger,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      refusalStatusPlugin(),
      // Sandbox without introspection would show an empty schema: the two go together.
      introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.use((req, res, next) => {
    res.setHeader('x-request-id', requestIdOf(req));
    next();
  });
  app.use(requestContextMiddleware); // ip, user agent and request id for the audit log
  app.use(securityHeaders(introspection, GRAPHQL_PATH));
  app.get('/health', async (_req, res) => {
    const healthy = await stores.isHealthy();
    res.status(healthy ? 200 : 503).json({ status: healthy ? 'ok' : 'unavailable', store: stores.kind, storeHealthy: healthy });
  });
  app.use(
    GRAPHQL_PATH,
    corsAllowList(config.http.corsOrigins),
    express.json({ limit: MAX_BODY_BYTES }),
    batchCap(config.http),
    expressMiddleware(apollo, { context: createContextBuilder(services.authenticator, logger, config) }),
  );
  app.use(jsonErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}${GRAPHQL_PATH}`,
    port,
    services,
    // The drain plugin stops accepting connections and lets in-flight requests finish.
    stop: async () => {
      await apollo.stop();
      await services.close();
    },
  };
}

/** Body-parser and other middleware failures answer in JSON, in the GraphQL error shape. */
function jsonErrorHandler(logger: Logger) {
  return (error: { status?: number; type?: string; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'unexpected HTTP error');
    const message =
      status === 413
        ? `Request body is larger than ${MAX_BODY_BYTES}`
        : status === 500
          ? 'Internal server error'
          : (error.message ?? 'Bad request');
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
