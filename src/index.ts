import 'reflect-metadata';
import { ConfigError, loadConfig, loadDotEnvFile } from './config/config';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { startHttpServer } from './server/http-server';
import { openStores } from './stores/open-stores';
import { bootstrapAdmin } from './users/admin-bootstrap';

/** Boots tokengate: configuration, storage, the bootstrap admin, then HTTP; stops cleanly on a signal. */
async function main(): Promise<void> {
  const dotEnvLoaded = loadDotEnvFile();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
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
  logger.info(`tokengate ready at ${server.url}`);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing in-flight requests, then stopping`);
    await server.stop();
    await stores.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('tokengate failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
