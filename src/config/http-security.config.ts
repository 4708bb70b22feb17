import { parseDurationSeconds } from './duration';
import { type Env, envReader } from './env-reader';
import { parseTrustProxy } from './trust-proxy';

/** Defaults of the HTTP and abuse settings; config.ts reads the environment and hands it here. */
export const HTTP_SECURITY_DEFAULTS = {
  RATE_LIMIT_LOGIN_PER_IP: '20/15m',
  RATE_LIMIT_LOGIN_PER_EMAIL: '10/15m',
  RATE_LIMIT_LOGIN_PER_DEVICE: '10/15m',
  RATE_LIMIT_REGISTER_PER_IP: '10/1h',
  RATE_LIMIT_REGISTER_PER_EMAIL: '5/1h',
  RATE_LIMIT_REFRESH_PER_IP: '60/1m',
  RATE_LIMIT_CHANGE_PASSWORD_PER_USER: '20/15m',
  RATE_LIMIT_CHANGE_PASSWORD_PER_SESSION: '5/15m',
  RATE_LIMIT_INTROSPECTION_PER_CLIENT: '600/1m',
  RATE_LIMIT_PASSWORD_RESET_PER_IP: '20/1h',
  RATE_LIMIT_PASSWORD_RESET_PER_EMAIL: '5/1h',
  RATE_LIMIT_VERIFICATION_EMAIL_PER_IP: '20/1h',
  RATE_LIMIT_VERIFICATION_EMAIL_PER_EMAIL: '5/1h',
  RATE_LIMIT_EMAIL_CHANGE_PER_USER: '5/1h',
  GRAPHQL_MAX_BATCH: '1',
  GRAPHQL_MAX_DEPTH: '10',
  GRAPHQL_MAX_ALIASES: '15',
  GRAPHQL_MAX_FIELDS: '200',
  GRAPHQL_MAX_TOKENS: '5000',
  GRAPHQL_MAX_INTROSPECTION_FIELDS: '500',
  CORS_ORIGINS: '',
  TRUST_PROXY: 'false',
  REFRESH_TOKEN_COOKIE: 'false',
} as const;

export type RateLimitName = 'loginPerIp' | 'loginPerEmail' | 'loginPerDevice' | 'registerPerIp' | 'registerPerEmail' | 'refreshPerIp' | 'changePasswordPerUser'
  | 'changePasswordPerSession' | 'introspectionPerClient'
  | 'passwordResetPerIp' | 'passwordResetPerEmail' | 'verificationEmailPerIp' | 'verificationEmailPerEmail' | 'emailChangePerUser';

const RATE_LIMIT_VARIABLES: Record<RateLimitName, keyof typeof HTTP_SECURITY_DEFAULTS> = {
  loginPerIp: 'RATE_LIMIT_LOGIN_PER_IP',
  loginPerEmail: 'RATE_LIMIT_LOGIN_PER_EMAIL',
  loginPerDevice: 'RATE_LIMIT_LOGIN_PER_DEVICE',
  registerPerIp: 'RATE_LIMIT_REGISTER_PER_IP',
  registerPerEmail: 'RATE_LIMIT_REGISTER_PER_EMAIL',
  refreshPerIp: 'RATE_LIMIT_REFRESH_PER_IP',
  changePasswordPerUser: 'RATE_LIMIT_CHANGE_PASSWORD_PER_USER',
  changePasswordPerSession: 'RATE_LIMIT_CHANGE_PASSWORD_PER_SESSION',
  introspectionPerClient: 'RATE_LIMIT_INTROSPECTION_PER_CLIENT',
  passwordResetPerIp: 'RATE_LIMIT_PASSWORD_RESET_PER_IP',
  passwordResetPerEmail: 'RATE_LIMIT_PASSWORD_RESET_PER_EMAIL',
  verificationEmailPerIp: 'RATE_LIMIT_VERIFICATION_EMAIL_PER_IP',
  verificationEmailPerEmail: 'RATE_LIMIT_VERIFICATION_EMAIL_PER_EMAIL',
  emailChangePerUser: 'RATE_LIMIT_EMAIL_CHANGE_PER_USER',
};

/** `points` attempts per `durationSeconds`; undefined when the limit is turned off. */
export interface RateLimit {
  readonly points: number;
  readonly durationSeconds: number;
}

export interface HttpSecurityConfig {
  readonly rateLimits: Readonly<Record<RateLimitName, RateLimit | undefined>>;
  /** Operations per HTTP request; 1 turns batching off. */
  readonly maxBatch: number;
  readonly queryLimits: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxFields: number;
    readonly maxTokens: number;
    readonly maxIntrospectionFields: number;
  };
  /** Introspection and the Sandbox landing page. */
  readonly introspection: boolean;
  /** Origins allowed to call cross-origin with credentials; empty: same-origin only. */
  readonly corsOrigins: readonly string[];
  /** false, a number of hops, or a comma list of addresses/subnets, read as Express's `trust proxy` read them (see http-server.ts). */
  readonly trustProxy: boolean | number | string;
  /** Refresh token in an HttpOnly cookie instead of the response body. */
  readonly refreshTokenCookie: boolean;
}

/** Parses "20/15m" (20 attempts per 15 minutes); "off" turns the limit off. */
export function parseRateLimit(text: string): RateLimit | 'off' | undefined {
  if (text.trim().toLowerCase() === 'off') return 'off';
  const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(text);
  if (!match) return undefined;
  const points = Number(match[1]);
  const durationSeconds = parseDurationSeconds(match[2]);
  if (!Number.isSafeInteger(points) || points < 1 || durationSeconds === undefined) return undefined;
  return { points, durationSeconds };
}

/** Reads and validates the HTTP and abuse settings, pushing one line per bad variable onto problems. */
export function loadHttpSecurityConfig(env: Env, production: boolean, problems: string[]): HttpSecurityConfig {
  const { read, integer } = envReader(env, HTTP_SECURITY_DEFAULTS, problems);
  const flag = (name: string, fallback: boolean): boolean => {
    const text = env[name]?.trim().toLowerCase();
    if (!text) return fallback;
    if (text === 'true' || text === 'false') return text === 'true';
    problems.push(`${name} must be true or false (got "${env[name]}")`);
    return fallback;
  };

  const rateLimits = {} as Record<RateLimitName, RateLimit | undefined>;
  for (const [name, variable] of Object.entries(RATE_LIMIT_VARIABLES) as Array<[RateLimitName, keyof typeof HTTP_SECURITY_DEFAULTS]>) {
    const parsed = parseRateLimit(read(variable));
    if (parsed === undefined) {
      problems.push(`${variable} must be attempts per duration such as 20/15m, or off (got "${read(variable)}")`);
    }
    rateLimits[name] = parsed === 'off' ? undefined : (parsed ?? (parseRateLimit(HTTP_SECURITY_DEFAULTS[variable]) as RateLimit));
  }

  const corsOrigins = read('CORS_ORIGINS').split(',').map((o) => o.trim()).filter(Boolean);
  const badOrigin = corsOrigins.find((origin) => !/^https?:\/\/[^/\s*]+$/.test(origin));
  if (badOrigin) problems.push(`CORS_ORIGINS must list origins such as https://app.example.com, without a path (got "${badOrigin}")`);

  return {
    rateLimits,
    maxBatch: integer('GRAPHQL_MAX_BATCH', 1, 100),
    queryLimits: {
      maxDepth: integer('GRAPHQL_MAX_DEPTH', 1, 100),
      maxAliases: integer('GRAPHQL_MAX_ALIASES', 0, 10_000),
      maxFields: integer('GRAPHQL_MAX_FIELDS', 1, 100_000),
      maxTokens: integer('GRAPHQL_MAX_TOKENS', 100, 1_000_000),
      maxIntrospectionFields: integer('GRAPHQL_MAX_INTROSPECTION_FIELDS', 1, 100_000),
    },
    introspection: flag('GRAPHQL_INTROSPECTION', !production),
    corsOrigins,
    trustProxy: parseTrustProxy(read('TRUST_PROXY'), problems),
    refreshTokenCookie: flag('REFRESH_TOKEN_COOKIE', false),
  };
}
