import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeEnv } from '../config/config';
import { keysDirectoryOf } from '../keys/development-keys';
import { createPrivateFile, ensurePrivateDirectory } from '../keys/private-files';

/** AES-256: a key is exactly 32 bytes. */
export const DATA_KEY_BYTES = 32;
/** More previous keys than this is a rotation never finished. */
const MAX_PREVIOUS_KEYS = 5;

export const dataEncryptionKeyFileOf = (dataDir: string): string => path.join(keysDirectoryOf(dataDir), 'data-encryption.key');

/** The keys that encrypt data at rest (TOTP secrets), or why there are none. */
export interface DataEncryptionKeys {
  /** Encrypts everything new; undefined in production without DATA_ENCRYPTION_KEY (2FA is then unavailable). */
  readonly current: KeyObject | undefined;
  /** DATA_ENCRYPTION_PREVIOUS_KEYS: decrypt only; what they encrypted is re-encrypted with `current` on next use. */
  readonly previous: readonly KeyObject[];
  /** Development without DATA_ENCRYPTION_KEY: where the key is kept, made on first use (developmentDataKey). */
  readonly developmentKeyFile?: string;
  /** For the start-up log: where the key comes from, or that 2FA is unavailable. Never the key. */
  readonly message: string | undefined;
}

/**
 * 32 bytes as 64 hex digits or as base64 / base64url (padding optional). Anything else is undefined: a
 * key that decodes to another length would be a silent misconfiguration.
 */
export function parseDataKey(text: string): KeyObject | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return createSecretKey(Buffer.from(value, 'hex'));
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) return undefined;
  const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  // A KeyObject, not a Buffer: the configuration is frozen, and a KeyObject never prints its bytes.
  return bytes.length === DATA_KEY_BYTES ? createSecretKey(bytes) : undefined;
}

/**
 * DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_PREVIOUS_KEYS. Unset: test gets a key for this process (nothing
 * written), development one kept in `<DATA_DIR>/keys/data-encryption.key` (0600, made on first use),
 * production none (2FA unavailable, said in the start-up log). A malformed value is one problem line naming the variable.
 */
export function resolveDataEncryptionKeys(
  env: Readonly<Record<string, string | undefined>>,
  options: { nodeEnv: NodeEnv; dataDir: string },
  problems: string[],
): DataEncryptionKeys {
  const previous = readPreviousKeys(env.DATA_ENCRYPTION_PREVIOUS_KEYS, problems);
  const given = env.DATA_ENCRYPTION_KEY?.trim();
  if (given) {
    const key = parseDataKey(given);
    if (!key) problems.push('DATA_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)');
    return { current: key, previous, message: undefined };
  }
  if (options.nodeEnv === 'production') {
    return { current: undefined, previous, message: 'DATA_ENCRYPTION_KEY is not set: two-factor authentication is unavailable (nothing is ever stored unencrypted)' };
  }
  if (options.nodeEnv === 'test') {
    return { current: createSecretKey(randomBytes(DATA_KEY_BYTES)), previous, message: 'DATA_ENCRYPTION_KEY is not set: using a random key for this process only (NODE_ENV=test)' };
  }
  const file = dataEncryptionKeyFileOf(options.dataDir);
  return { current: undefined, developmentKeyFile: file, previous, message: `DATA_ENCRYPTION_KEY is not set: TOTP secrets are encrypted with the development key kept in ${file} (made on first use)` };
}

function readPreviousKeys(text: string | undefined, problems: string[]): KeyObject[] {
  const entries = (text ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  const keys = entries.map(parseDataKey);
  if (keys.some((key) => !key)) {
    problems.push('DATA_ENCRYPTION_PREVIOUS_KEYS must be comma-separated keys of 32 bytes, each as 64 hex digits or base64');
  } else if (keys.length > MAX_PREVIOUS_KEYS) {
    problems.push(`DATA_ENCRYPTION_PREVIOUS_KEYS lists at most ${MAX_PREVIOUS_KEYS} keys (got ${keys.length})`);
  }
  return keys.filter((key): key is KeyObject => key !== undefined);
}

/**
 * Development: the key kept in `<DATA_DIR>/keys/data-encryption.key` (0600, in a 0700 folder), made on first
 * use, so restarts can still open the secrets stored before, and so merely loading the configuration (tests,
 * the CLI) writes nothing. Two instances racing get the same key: the file is created atomically.
 */
export function developmentDataKey(file: string): KeyObject {
  ensurePrivateDirectory(path.dirname(file), { tighten: true });
  if (!existsSync(file)) createPrivateFile(file, `${randomBytes(DATA_KEY_BYTES).toString('base64')}\n`);
  const key = parseDataKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a 32-byte key: set DATA_ENCRYPTION_KEY, or delete the file if no 2FA was enabled with it`);
  return key;
}
