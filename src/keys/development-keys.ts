import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AsymmetricAlgorithm } from './algorithms';
import { loadSigningKey } from './configured-keys';
import { generateSigningKeyPair, privateKeyPem } from './generate-key-pair';
import { type SigningKey, signingKey } from './key-ring';
import { createPrivateFile, ensurePrivateDirectory } from './private-files';

/** Where development keeps what it generates: `<DATA_DIR>/keys/`, next to the embedded MongoDB's data. */
export const keysDirectoryOf = (dataDir: string): string => path.join(dataDir, 'keys');

/** One file per algorithm, so switching JWT_ALGORITHM back and forth in development finds its key again. */
export const developmentKeyFileOf = (dataDir: string, algorithm: AsymmetricAlgorithm): string =>
  path.join(keysDirectoryOf(dataDir), `development-${algorithm.toLowerCase()}.pem`);

/** NODE_ENV=test: a key for this process only, never written anywhere. */
export function inMemorySigningKey(algorithm: AsymmetricAlgorithm): SigningKey {
  return signingKey(generateSigningKeyPair(algorithm).privateKey, 'a key generated in memory for this process');
}

/**
 * Development: the key kept in `<DATA_DIR>/keys/development-<alg>.pem` (0600, in a 0700 folder), generated on
 * the first start, so that restarts keep tokens valid. Two instances starting at once end up with the same
 * key: the file is created atomically and whoever loses the race reads the winner's.
 */
export function developmentSigningKey(
  algorithm: AsymmetricAlgorithm,
  dataDir: string,
  problems: string[],
): { key: SigningKey; created: boolean } | undefined {
  const file = developmentKeyFileOf(dataDir, algorithm);
  let created = false;
  let text: string;
  try {
    ensurePrivateDirectory(keysDirectoryOf(dataDir), { tighten: true });
    if (!existsSync(file)) created = createPrivateFile(file, privateKeyPem(generateSigningKeyPair(algorithm).privateKey));
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`DATA_DIR (${dataDir}): the development signing key cannot be kept in ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  const key = loadSigningKey({ label: `DATA_DIR (${dataDir}): the development key ${file}`, text }, algorithm, problems);
  return key && { key: signingKey(key.privateKey, file), created };
}
