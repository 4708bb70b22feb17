import { type Env, envReader } from './env-reader';

/** Defaults of password hashing (OWASP's Argon2id parameters); config.ts hands the environment to readPasswordHashConfig. */
export const PASSWORD_HASH_DEFAULTS = {
  PASSWORD_HASH: 'argon2id',
  ARGON2_MEMORY_KIB: '19456',
  ARGON2_TIME_COST: '2',
} as const;

export const PASSWORD_HASH_ALGORITHMS = ['argon2id', 'bcrypt'] as const;
export type PasswordHashAlgorithm = (typeof PASSWORD_HASH_ALGORITHMS)[number];

/**
 * 1 MiB (tests; as cheap as bcrypt cost 4) to 1 GiB: each worker thread holds this much while it hashes, so
 * more would let a few logins exhaust the machine's memory.
 */
export const ARGON2_MEMORY_KIB_RANGE = { min: 1024, max: 1_048_576 } as const;
/** Passes over the memory; OWASP's equivalent settings range from 1 to 5. */
export const ARGON2_TIME_COST_RANGE = { min: 1, max: 10 } as const;

export interface Argon2Parameters {
  readonly memoryKib: number;
  readonly timeCost: number;
  /** Lanes: always 1, as OWASP recommends; each hash runs on one worker thread anyway. */
  readonly parallelism: 1;
}

export interface PasswordHashConfig {
  /** PASSWORD_HASH: what new hashes (registrations, password changes, upgrades at login) are made with. */
  readonly algorithm: PasswordHashAlgorithm;
  readonly argon2: Argon2Parameters;
  /** BCRYPT_COST, read by config.ts as before. */
  readonly bcryptCost: number;
}

export function readPasswordHashConfig(env: Env, bcryptCost: number, problems: string[]): PasswordHashConfig {
  const { read, integer } = envReader(env, PASSWORD_HASH_DEFAULTS, problems);
  const name = read('PASSWORD_HASH');
  const known = (PASSWORD_HASH_ALGORITHMS as readonly string[]).includes(name);
  if (!known) problems.push(`PASSWORD_HASH must be one of ${PASSWORD_HASH_ALGORITHMS.join(', ')} (got "${name}")`);
  return {
    algorithm: known ? (name as PasswordHashAlgorithm) : PASSWORD_HASH_DEFAULTS.PASSWORD_HASH,
    argon2: {
      memoryKib: integer('ARGON2_MEMORY_KIB', ARGON2_MEMORY_KIB_RANGE.min, ARGON2_MEMORY_KIB_RANGE.max),
      timeCost: integer('ARGON2_TIME_COST', ARGON2_TIME_COST_RANGE.min, ARGON2_TIME_COST_RANGE.max),
      parallelism: 1,
    },
    bcryptCost,
  };
}
