import { PasswordHasher } from '../../src/auth/passwords/password.hasher';
import { loadConfig } from '../../src/config/config';
import { TEST_ENV } from './test-server';

/** A hasher configured as the test servers are (cheap Argon2id unless `env` says otherwise), for seeding stores. */
export const testPasswordHasher = (env: Record<string, string> = {}): PasswordHasher =>
  new PasswordHasher(loadConfig({ ...TEST_ENV, ...env }).passwordHash);
