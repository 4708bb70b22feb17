import { AuthService } from '../auth/auth.service';
import { PasswordHasher } from '../auth/passwords/password.hasher';
import { RequestAuthenticator } from '../auth/request-authenticator';
import { TokenService } from '../auth/tokens/token.service';
import type { Config } from '../config/config';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { Stores } from '../stores/stores';
import { UserService } from '../users/user.service';

export interface Services {
  auth: AuthService;
  users: UserService;
  authenticator: RequestAuthenticator;
}

/** The composition root: the one place that wires the layers together. */
export function createServices(config: Config, stores: Stores, clock: Clock, logger: Logger): Services {
  const tokens = new TokenService(config.jwt, clock);
  const passwords = new PasswordHasher(config.bcryptCost);
  return {
    auth: new AuthService(stores, tokens, passwords, logger),
    users: new UserService(stores, passwords, logger),
    authenticator: new RequestAuthenticator(stores, tokens, config.authHeaderTypes),
  };
}
