import { type Env, envReader } from '../config/env-reader';

/** HTTP caching of the JWKS route: how long consumers may keep it, and conditional requests. */

export const JWKS_DEFAULTS = { JWKS_MAX_AGE: '300' } as const;
/** A day: past that, a consumer would keep trusting a key long after it was dropped. */
export const MAX_JWKS_MAX_AGE_SECONDS = 86_400;

/** JWKS_MAX_AGE in seconds (0 to a day); a bad value pushes one line naming the variable. */
export function readJwksMaxAge(env: Env, problems: string[]): number {
  return envReader(env, JWKS_DEFAULTS, problems).integer('JWKS_MAX_AGE', 0, MAX_JWKS_MAX_AGE_SECONDS);
}

/** Hasura refreshes its key cache only when the response says how long to keep it. */
export const jwksCacheControl = (maxAgeSeconds: number): string => `public, max-age=${maxAgeSeconds}`;

/**
 * RFC 9110 §13.1.2: If-None-Match matches when it is "*" or lists our tag; the comparison is weak, so
 * `W/"x"` matches `"x"`. A match answers 304 without a body.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const ours = opaqueTag(etag);
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => opaqueTag(tag) === ours);
}

const opaqueTag = (tag: string): string => tag.trim().replace(/^W\//, '');
