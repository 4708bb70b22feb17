import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Env } from '../config/env-reader';
import { type AsymmetricAlgorithm, keyMismatch } from './algorithms';
import { type PublishedKey, publishedKey, type SigningKey, signingKey } from './key-ring';
import { anySet, type PemSource, readPemSource, readPemSources } from './key-sources';
import { type KeyKind, parsePemKey } from './pem';

export const KEY_VARIABLES = {
  current: { file: 'JWT_PRIVATE_KEY_FILE', inline: 'JWT_PRIVATE_KEY' },
  next: { file: 'JWT_NEXT_PRIVATE_KEY_FILE', inline: 'JWT_NEXT_PRIVATE_KEY' },
  previous: { file: 'JWT_PREVIOUS_PUBLIC_KEY_FILES', inline: 'JWT_PREVIOUS_PUBLIC_KEYS' },
} as const;

const ALL_KEY_VARIABLES = Object.values(KEY_VARIABLES).flatMap(({ file, inline }) => [file, inline]);

/** The same bound as JWT_PREVIOUS_SECRETS: more old keys than this is a forgotten clean-up, not a rotation. */
export const MAX_PREVIOUS_PUBLIC_KEYS = 5;

export interface ConfiguredKeys {
  /** Undefined when no current key is configured, or when the configured one is unusable (a problem was pushed). */
  readonly current: SigningKey | undefined;
  /** True when JWT_PRIVATE_KEY(_FILE) is set, usable or not: a broken key must never be replaced by a generated one. */
  readonly currentConfigured: boolean;
  readonly next: PublishedKey | undefined;
  readonly previous: readonly PublishedKey[];
}

/** The key variables that are set: with an HMAC algorithm they would be silently ignored. */
export const setKeyVariables = (env: Env): string[] => ALL_KEY_VARIABLES.filter((name) => anySet(env, [name]));

/**
 * Reads and checks the keys the environment configures for an asymmetric algorithm; pushes one line per
 * bad variable onto problems. Each key is parsed once, here, into KeyObjects.
 */
export function readConfiguredKeys(env: Env, algorithm: AsymmetricAlgorithm, problems: string[]): ConfiguredKeys {
  const { current: cur, next: nxt, previous: prev } = KEY_VARIABLES;
  const currentSource = readPemSource(env, cur.file, cur.inline, problems);
  const nextSource = readPemSource(env, nxt.file, nxt.inline, problems);
  const previousSources = readPemSources(env, prev.file, prev.inline, problems);

  const current = currentSource && loadSigningKey(currentSource, algorithm, problems);
  const next = nextSource && loadKey(nextSource, 'private', algorithm, problems);
  const previous = previousSources.flatMap((source) => loadKey(source, 'public', algorithm, problems) ?? []);
  if (previousSources.length > MAX_PREVIOUS_PUBLIC_KEYS) {
    const variable = anySet(env, [prev.inline]) ? prev.inline : prev.file;
    problems.push(`${variable} must list at most ${MAX_PREVIOUS_PUBLIC_KEYS} keys (got ${previousSources.length})`);
  }
  return {
    current,
    currentConfigured: anySet(env, [cur.file, cur.inline]),
    // The next key signs nothing yet: only its public half is kept.
    next: next && published(next),
    previous: previous.map(published),
  };
}

/**
 * Every published key must be a different key: a next or previous key equal to the current one is a
 * rotation step done wrong (the old key would never leave), and a repeated previous key a copy-paste slip.
 */
export function checkDistinctKeys(current: SigningKey, next: PublishedKey | undefined, previous: readonly PublishedKey[], problems: string[]): void {
  if (next?.kid === current.kid) problems.push(`${next.source} is the current key (${current.source}); the next key must be a new one`);
  const seen = new Set<string>();
  for (const key of previous) {
    if (key.kid === current.kid) {
      problems.push(`${key.source} is the current key (${current.source}); a previous key must be one that no longer signs`);
    } else if (key.kid === next?.kid) {
      problems.push(`${key.source} is the next key (${next.source}); a previous key must be one that no longer signs`);
    } else if (seen.has(key.kid)) {
      problems.push(`${key.source} repeats a key listed before it`);
    }
    seen.add(key.kid);
  }
}

/** Parses and checks a PKCS#8 private key that is to sign (a configured key, or a development key file). */
export function loadSigningKey(source: PemSource, algorithm: AsymmetricAlgorithm, problems: string[]): SigningKey | undefined {
  const loaded = loadKey(source, 'private', algorithm, problems);
  return loaded && signingKey(loaded.key, loaded.source.label);
}

interface LoadedKey {
  source: PemSource;
  key: KeyObject;
}

function loadKey(source: PemSource, kind: KeyKind, algorithm: AsymmetricAlgorithm, problems: string[]): LoadedKey | undefined {
  const parsed = parsePemKey(source.text, kind);
  if (!parsed.ok) {
    problems.push(`${source.label} ${parsed.problem}`);
    return undefined;
  }
  const mismatch = keyMismatch(parsed.key, algorithm);
  if (mismatch) {
    problems.push(`${source.label} does not fit JWT_ALGORITHM: ${mismatch}`);
    return undefined;
  }
  return { source, key: parsed.key };
}

/** A next key is loaded as a private key (so that it is checked before it is promoted); only its public half is kept. */
function published({ source, key }: LoadedKey): PublishedKey {
  return publishedKey(key.type === 'private' ? createPublicKey(key) : key, source.label);
}
