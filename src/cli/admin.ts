import { HashingPool } from '../auth/passwords/hashing.pool';
import { PasswordHasher } from '../auth/passwords/password.hasher';
import { ConfigError, loadDotEnvFile, loadOperatorConfig } from '../config/config';
import type { Env } from '../config/env-reader';
import { systemClock } from '../lib/clock';
import { createLogger } from '../lib/logger';
import { openStores } from '../stores/open-stores';
import { AdminAccounts, AdminOperationError } from '../users/admin-accounts';
import { parseCommandLine, runCommand, USAGE, UsageError, type CommandContext } from './admin-commands';

/**
 * `npm run admin -- <command>`: the operator's tool for what the start-up bootstrap must not guess.
 * Same configuration (.env, environment) and store as the server; results on stdout, one line each;
 * audit lines (JSON) and errors on stderr. Exit codes: 0 done, 1 refused or failed, 2 bad command line.
 */
export const SHARED_STORE_REQUIRED =
  'the admin CLI needs the shared store the servers use (MongoDB: set MONGODB_URI): with the in-memory store ' +
  'every server keeps its own users, and a change made here would vanish when this command exits';

/** `env` is for tests; the process's environment (and ./.env) otherwise. */
export async function main(argv: readonly string[], env?: Env): Promise<number> {
  let line;
  try {
    line = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`tokengate admin: ${error.message}\n${USAGE}\n`);
    return 2;
  }

  if (!env) loadDotEnvFile();
  const { config, adminPassword } = loadOperatorConfig(env);
  if (config.store === 'memory') return fail(`refused: STORE=memory: ${SHARED_STORE_REQUIRED}`);
  const logger = createLogger(config.logLevel, 2);
  const stores = await openStores(config, systemClock, logger);
  const pool = new HashingPool(1);
  try {
    if (stores.kind === 'memory') return fail(`refused: no MongoDB could be opened (STORE=auto fell back to memory): ${SHARED_STORE_REQUIRED}`);
    const context: CommandContext = {
      accounts: new AdminAccounts(stores.users, new PasswordHasher(config.passwordHash, pool), logger, 'admin CLI'),
      users: stores.users,
      readPassword: () => readPassword(adminPassword),
    };
    await runCommand(line, context, (result) => process.stdout.write(`${result}\n`));
    return 0;
  } catch (error) {
    if (error instanceof AdminOperationError) return fail(error.message);
    throw error;
  } finally {
    await stores.close();
    await pool.close();
  }
}

const fail = (message: string): number => {
  process.stderr.write(`tokengate admin: ${message}\n`);
  return 1;
};

/** ADMIN_PASSWORD when set; else stdin, which must be piped (a terminal would echo the password). */
async function readPassword(adminPassword: string | undefined): Promise<string> {
  if (adminPassword) return adminPassword;
  if (process.stdin.isTTY) {
    throw new AdminOperationError('no password: set ADMIN_PASSWORD or pipe it on stdin (printf %s "$PASSWORD" | npm run admin -- …)');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing line break is the end of the line, not part of the password.
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password === '') throw new AdminOperationError('no password: set ADMIN_PASSWORD or pipe it on stdin');
  return password;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof ConfigError ? error.message : `failed: ${error instanceof Error ? error.message : String(error)}`;
      process.stderr.write(`tokengate admin: ${message}\n`);
      process.exit(1);
    },
  );
}
