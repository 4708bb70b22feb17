/**
 * The example's configuration, read once from the environment. A bad value stops the start with one line
 * naming the variable (all such lines at once), like tokengate's own configuration.
 */

/** @typedef {{
 *   tokengateUrl: string,
 *   issuer: string,
 *   audience: string,
 *   algorithm: string,
 *   port: number,
 *   introspectionClient: { id: string, secret: string },
 *   jwks: { cooldownMs: number, cacheMaxAgeMs: number },
 * }} NotesConfig */

export class ConfigError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** The algorithms tokengate publishes keys for; HMAC is never accepted here (its key is a secret). */
const ASYMMETRIC = ['ES256', 'RS256', 'PS256'];

/**
 * @param {Record<string, string | undefined>} env
 * @returns {NotesConfig}
 */
export function readConfig(env) {
  /** @type {string[]} */
  const problems = [];
  const tokengateUrl = origin(env, 'TOKENGATE_URL', problems);
  const config = {
    tokengateUrl,
    // Pinned by configuration, not taken from the discovery document: tokengate's default with an asymmetric
    // JWT_ALGORITHM is its PUBLIC_URL. Set TOKEN_ISSUER when tokengate's JWT_ISSUER is something else.
    issuer: env.TOKEN_ISSUER || tokengateUrl,
    audience: env.TOKEN_AUDIENCE || 'tokengate-api',
    algorithm: oneOf(env, 'TOKEN_ALGORITHM', ASYMMETRIC, 'ES256', problems),
    port: integer(env, 'PORT', 4001, 0, 65535, problems),
    introspectionClient: {
      id: required(env, 'INTROSPECTION_CLIENT_ID', problems),
      secret: required(env, 'INTROSPECTION_CLIENT_SECRET', problems),
    },
    jwks: {
      // jose refetches the JWKS on an unknown kid at most once per cooldown, and in any case once its copy is
      // older than the max age. Both in milliseconds; defaults: jose's 30 s, and tokengate's JWKS_MAX_AGE (300 s).
      cooldownMs: integer(env, 'JWKS_COOLDOWN_MS', 30_000, 0, 3_600_000, problems),
      cacheMaxAgeMs: integer(env, 'JWKS_CACHE_MAX_AGE_MS', 300_000, 0, 86_400_000, problems),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** @param {Record<string, string | undefined>} env @param {string} name @param {string[]} problems */
function required(env, name, problems) {
  const value = env[name];
  if (!value) problems.push(`${name} is required`);
  return value ?? '';
}

/** An http(s) origin without a trailing slash: what tokengate's PUBLIC_URL looks like. */
function origin(env, name, problems) {
  const value = required(env, name, problems);
  if (!value) return '';
  try {
    const url = new URL(value);
    if (!['http:', 'https:'].includes(url.protocol) || url.pathname !== '/' || url.search) throw new Error();
    return url.origin;
  } catch {
    problems.push(`${name} must be an http(s) origin such as https://auth.example.com (no path), not "${value}"`);
    return '';
  }
}

function oneOf(env, name, allowed, fallback, problems) {
  const value = env[name] || fallback;
  if (!allowed.includes(value)) problems.push(`${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value;
}

function integer(env, name, fallback, min, max, problems) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max}, not "${text}"`);
    return fallback;
  }
  return value;
}
