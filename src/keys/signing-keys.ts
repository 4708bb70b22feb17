import type { NodeEnv } from '../config/config';
import type { Env } from '../config/env-reader';
import { type AsymmetricAlgorithm, isAsymmetricAlgorithm, type SigningAlgorithm } from './algorithms';
import { checkDistinctKeys, KEY_VARIABLES, readConfiguredKeys, setKeyVariables } from './configured-keys';
import { developmentSigningKey, inMemorySigningKey } from './development-keys';
import type { AsymmetricKeyRing, SigningKey } from './key-ring';

export interface SigningKeysOptions {
  /** JWT_ALGORITHM, already validated. */
  readonly algorithm: SigningAlgorithm;
  readonly nodeEnv: NodeEnv;
  readonly dataDir: string;
}

export interface ResolvedSigningKeys {
  readonly ring: AsymmetricKeyRing;
  /** One line for the start-up log: which key signs, where it comes from, what else is published. */
  readonly message: string;
}

/**
 * The asymmetric key ring of this configuration, or undefined with an HMAC algorithm (tokens are then signed
 * with JWT_SECRET, as before) or when a problem line was pushed. Without a configured key: production is a
 * problem, development keeps a generated key under <DATA_DIR>/keys/, test generates one in memory.
 */
export function resolveSigningKeys(env: Env, options: SigningKeysOptions, problems: string[]): ResolvedSigningKeys | undefined {
  const { algorithm } = options;
  if (!isAsymmetricAlgorithm(algorithm)) {
    refuseUnusedKeyVariables(env, algorithm, problems);
    return undefined;
  }
  const configured = readConfiguredKeys(env, algorithm, problems);
  // A configured key that is broken has its problem line; it is never silently replaced by a generated one.
  const fallback = configured.currentConfigured ? undefined : unconfiguredKey(algorithm, options, problems);
  const current = configured.current ?? fallback?.key;
  if (!current) return undefined;
  checkDistinctKeys(current, configured.next, configured.previous, problems);
  const ring: AsymmetricKeyRing = { algorithm, current, next: configured.next, previous: configured.previous };
  const signing = fallback?.description ?? `${algorithm} access tokens are signed with key ${current.kid} from ${current.source}`;
  return { ring, message: [signing, ...alsoPublished(ring)].join('; ') };
}

function unconfiguredKey(
  algorithm: AsymmetricAlgorithm,
  { nodeEnv, dataDir }: SigningKeysOptions,
  problems: string[],
): { key: SigningKey; description: string } | undefined {
  const { file, inline } = KEY_VARIABLES.current;
  if (nodeEnv === 'production') {
    problems.push(`${file} or ${inline} is required when NODE_ENV=production and JWT_ALGORITHM=${algorithm}`);
    return undefined;
  }
  if (nodeEnv === 'test') {
    const key = inMemorySigningKey(algorithm);
    return { key, description: `${inline} is not set: ${algorithm} access tokens are signed with key ${key.kid}, generated in memory for this process (NODE_ENV=test); they die with it` };
  }
  const kept = developmentSigningKey(algorithm, dataDir, problems);
  if (!kept) return undefined;
  const how = kept.created ? 'generated now and kept' : 'kept';
  return {
    key: kept.key,
    description: `${inline} is not set: ${algorithm} access tokens are signed with the development key ${kept.key.kid}, ${how} in ${kept.key.source} so that restarts keep tokens valid`,
  };
}

function alsoPublished(ring: AsymmetricKeyRing): string[] {
  return [
    ...(ring.next ? [`next key ${ring.next.kid} (${ring.next.source}) is published, not signing yet`] : []),
    ...(ring.previous.length > 0 ? [`previous keys still verify: ${ring.previous.map((key) => key.kid).join(', ')}`] : []),
  ];
}

/** With an HMAC algorithm a key variable would be ignored, and the operator would believe tokens are asymmetric. */
function refuseUnusedKeyVariables(env: Env, algorithm: SigningAlgorithm, problems: string[]): void {
  const set = setKeyVariables(env);
  if (set.length === 0) return;
  problems.push(`${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set, but JWT_ALGORITHM=${algorithm} signs with JWT_SECRET: choose RS256, PS256 or ES256, or unset ${set.length > 1 ? 'them' : 'it'}`);
}
