import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeEnv } from '../config/config';
import { keysDirectoryOf } from './development-keys';
import { createPrivateFile, ensurePrivateDirectory } from './private-files';

/** As JWT_SECRET's own minimum: HMAC-SHA256 wants a key at least as long as its output. */
const MIN_SECRET_BYTES = 32;

export const internalHmacFileOf = (dataDir: string): string => path.join(keysDirectoryOf(dataDir), 'internal-hmac.secret');

export interface InternalHmacSecret {
  readonly secret: string;
  /** For the start-up log when the secret did not come from JWT_SECRET; never contains the secret. */
  readonly message: string | undefined;
}

/**
 * The HMAC secret that signs what is never published: refresh tokens (and MFA challenge tokens) under an
 * asymmetric algorithm, so no consumer of the JWKS can accept one as an access token. JWT_SECRET when set
 * (its length is checked where it is read); otherwise production is a problem line, test gets a secret for
 * this process, and development one kept in `<DATA_DIR>/keys/internal-hmac.secret` (0600), so that restarts
 * keep refresh tokens valid.
 */
export function resolveInternalHmacSecret(
  options: { jwtSecret: string | undefined; nodeEnv: NodeEnv; dataDir: string },
  problems: string[],
): InternalHmacSecret {
  const { jwtSecret, nodeEnv, dataDir } = options;
  if (jwtSecret) return { secret: jwtSecret, message: undefined };
  if (nodeEnv === 'production') {
    problems.push('JWT_SECRET is required when NODE_ENV=production');
    return { secret: newSecret(), message: undefined };
  }
  if (nodeEnv === 'test') {
    return { secret: newSecret(), message: 'JWT_SECRET is not set: using a random secret for this process only (NODE_ENV=test)' };
  }
  return developmentSecret(dataDir, problems);
}

function developmentSecret(dataDir: string, problems: string[]): InternalHmacSecret {
  const file = internalHmacFileOf(dataDir);
  let created = false;
  let secret: string;
  try {
    ensurePrivateDirectory(keysDirectoryOf(dataDir), { tighten: true });
    if (!existsSync(file)) created = createPrivateFile(file, `${newSecret()}\n`);
    secret = readFileSync(file, 'utf8').trim();
  } catch (error) {
    problems.push(`DATA_DIR (${dataDir}): the development JWT secret cannot be kept in ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return { secret: newSecret(), message: undefined };
  }
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    problems.push(`DATA_DIR (${dataDir}): ${file} holds less than ${MIN_SECRET_BYTES} bytes; delete it and a new secret is generated`);
    return { secret: newSecret(), message: undefined };
  }
  const how = created ? 'generated now and kept' : 'kept';
  return { secret, message: `JWT_SECRET is not set: using the development secret ${how} in ${file}, so that restarts keep tokens valid` };
}

const newSecret = (): string => randomBytes(48).toString('base64url');
