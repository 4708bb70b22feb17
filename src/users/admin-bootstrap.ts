import { PasswordHasher } from '../auth/passwords/password.hasher';
import type { Config } from '../config/config';
import type { Logger } from '../lib/logger';
import type { Stores } from '../stores/stores';
import { AdminAccounts, type BootstrapOutcome } from './admin-accounts';

/**
 * The ADMIN_EMAIL bootstrap, run by index.ts BEFORE the HTTP port opens: a `register` of that address
 * racing the start-up cannot reach this instance first. (Another instance already serving can take the
 * address; the bootstrap then grants ADMIN only if ADMIN_PASSWORD is that account's password.)
 */
export async function bootstrapAdmin(
  config: Pick<Config, 'admin' | 'passwordHash'>,
  stores: Stores,
  logger: Logger,
): Promise<BootstrapOutcome | undefined> {
  if (!config.admin) return undefined;
  const accounts = new AdminAccounts(stores.users, new PasswordHasher(config.passwordHash), logger, 'ADMIN_EMAIL at start-up');
  return accounts.bootstrap(config.admin);
}
