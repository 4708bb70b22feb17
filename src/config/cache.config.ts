import { parseDurationSeconds } from './duration';
import { type Env, envReader } from './env-reader';

/** Defaults of the authentication caches; config.ts hands the environment to parseCacheConfig. */
export const CACHE_DEFAULTS = {
  AUTH_CACHE_MAX_ENTRIES: '50000',
  AUTH_CACHE_TTL: '60s',
  CACHE_SYNC_INTERVAL: '500ms',
  PASSWORD_WORKERS: '0',
} as const;

export type CacheVariable = keyof typeof CACHE_DEFAULTS;

export interface CacheConfig {
  /** Entries per cache (verified tokens, users); the least recently used leaves first. */
  readonly maxEntries: number;
  /** How long a cached token or user may be served without asking the store again. */
  readonly ttlMs: number;
  /** How often the stores are polled for revocations made by other instances. */
  readonly syncIntervalMs: number;
  /** Password hashing (bcrypt, Argon2id) worker threads; 0 means one per CPU core. */
  readonly passwordWorkers: number;
}

const SYNC_RANGE_MS = { min: 50, max: 60_000 } as const;

/** Parses `500ms`, `2s`, `1m` or a bare number of milliseconds. */
export function parseMilliseconds(text: string): number | undefined {
  const ms = /^\s*(\d+)\s*ms\s*$/i.exec(text);
  if (ms) return Number(ms[1]);
  if (/^\s*\d+\s*$/.test(text)) return Number(text);
  const seconds = parseDurationSeconds(text);
  return seconds === undefined ? undefined : seconds * 1000;
}

export function parseCacheConfig(env: Env, problems: string[]): CacheConfig {
  const { read, integer } = envReader(env, CACHE_DEFAULTS, problems);
  const millis = (name: CacheVariable, min: number, max: number): number => {
    const text = read(name);
    const value = parseMilliseconds(text);
    if (value !== undefined && value >= min && value <= max) return value;
    problems.push(`${name} must be a duration from ${min}ms to ${max / 1000}s such as 500ms or 2s (got "${text}")`);
    return parseMilliseconds(CACHE_DEFAULTS[name]) as number;
  };
  return {
    maxEntries: integer('AUTH_CACHE_MAX_ENTRIES', 1, 10_000_000),
    ttlMs: millis('AUTH_CACHE_TTL', 1000, 3_600_000),
    syncIntervalMs: millis('CACHE_SYNC_INTERVAL', SYNC_RANGE_MS.min, SYNC_RANGE_MS.max),
    passwordWorkers: integer('PASSWORD_WORKERS', 0, 64),
  };
}
