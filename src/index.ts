import 'reflect-metadata';
import { ConfigError, loadConfig, loadDotEnvFile } from './config/config';
import { systemClock } from './lib/clock';
import { chooseLogFormat, createLogger } from './lib/logger';
import { startHttpServer } from './server/http-server';
import { openStores } from './stores/open-stores';
import { bootstrapAdmin } from './users/admin-bootstrap';

/** Boots tokengate: configuration, storage, the bootstrap admin, then HTTP; stops cleanly on a signal. */
async function main(): Promise<void> {
  const dotEnvLoaded = loadDotEnvFile();
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 1, chooseLogFormat(config.operations.logFormat, config.nodeEnv, Boolean(process.stdout.isTTY)));
  logger.info(`starting tokengate (NODE_ENV=${config.nodeEnv}${dotEnvLoaded ? ', with .env' : ''})`);
  if (config.jwt.secretGenerated) {
    logger.warn('JWT_SECRET is not set: using a random secret for this process only; every token dies with it');
  }
  // Which key signs access tokens, what else the JWKS publishes, where the internal HMAC secret comes from.
  for (const message of config.jwt.signingKeys?.messages ?? []) logger.info(message);
  // Where the key of TOTP secrets comes from, or (production without DATA_ENCRYPTION_KEY) that 2FA is unavailable.
  const dataKeys = config.mfa.keys;
  if (dataKeys.message && (dataKeys.current || dataKeys.developmentKeyFile)) logger.info(dataKeys.message);
  else if (dataKeys.message) logger.warn(dataKeys.message);

  const stores = await openStores(config, systemClock, logger);
  logger.info(`store: ${stores.description}`);
  // Before the port opens, so a register racing the start-up cannot claim ADMIN_EMAIL first.
  await bootstrapAdmin(config, stores, logger);
  const server = await startHttpServer({ config, stores, clock: systemClock, logger });

  // SIGTERM (an orchestrator): readiness answers 503 for SHUTDOWN_DELAY while requests are still served, so
  // load balancers stop sending before the drain closes the listener. SIGINT (Ctrl-C at a terminal) and a
  // second signal during the delay drain at once: nobody is routing traffic to a developer's terminal.
  let stopping = false;
  let skipDelay: () => void = () => undefined;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return skipDelay();
    stopping = true;
    server.markShuttingDown();
    const delayMs = signal === 'SIGTERM' ? config.operations.shutdownDelayMs : 0;
    if (delayMs > 0) {
      logger.info(`${signal} received: not ready (GET /health/ready answers 503) for ${delayMs} ms while still serving, then draining`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        skipDelay = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    logger.info(`${signal} received: finishing in-flight requests, then stopping`);
    await server.stop();
    await stores.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Only now: whoever waits for this line may signal at once, and a signal before the handlers would kill outright.
  logger.info(`tokengate ready at ${server.url}`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('tokengate failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
