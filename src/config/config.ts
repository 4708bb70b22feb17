import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { passwordProblem } from '../auth/passwords/password.policy';
import type { RolePermissions } from '../auth/permissions';
import { readRolePermissions } from '../auth/role-permissions.file';
import { isAsymmetricAlgorithm, SIGNING_ALGORITHMS, type SigningAlgorithm } from '../keys/algorithms';
import { resolveInternalHmacSecret } from '../keys/internal-hmac-key';
import { buildJwks, type PublishedJwks } from '../keys/jwks';
import { readJwksMaxAge } from '../keys/jwks-http';
import type { AsymmetricKeyRing } from '../keys/key-ring';
import { resolveSigningKeys } from '../keys/signing-keys';
import { emailProblem } from '../users/user.input-rules';
import { type CacheConfig, parseCacheConfig } from './cache.config';
import { parseDurationSeconds } from './duration';
import { type Env, envReader } from './env-reader';
import { type JwtRotationConfig, readJwtRotationConfig } from './jwt-rotation.config';
import { loadHttpSecurityConfig, type HttpSecurityConfig } from './http-security.config';
import { readSessionMaxLifetime } from './session-lifetime.config';
import { readSessionsConfig, type SessionsConfig } from './sessions.config';
import { type MfaConfig, readMfaConfig } from './mfa.config';
import { readPublicUrl } from './public-url.config';
import { type MailConfig, readMailConfig } from './mail.config';
import { type PasswordHashConfig, readPasswordHashConfig } from './password-hash.config';
import { maxNewPasswordBytes } from '../auth/passwords/hash-limits';
import { type IntrospectionClients, readIntrospectionClients } from '../oauth/introspection-clients';
import { readWebSocketConfig, type WebSocketConfig } from './websocket.config';
import { type OperationsConfig, readOperationsConfig } from './operations.config';

/** A year: longer-lived tokens defeat the point of expiry. */
const MAX_TOKEN_TTL_SECONDS = 365 * 24 * 3600;

/** The only module that reads the environment: every default lives here. */
export const DEFAULTS = {
  PORT: '4000',
  STORE: 'auto',
  DATA_DIR: '.data',
  JWT_ALGORITHM: 'HS256',
  ACCESS_TOKEN_TTL: '15m',
  REFRESH_TOKEN_TTL: '7d',
  DEVICE_TOKEN_TTL: '180d',
  JWT_ISSUER: 'tokengate',
  JWT_AUDIENCE: 'tokengate-api',
  AUTH_HEADER_TYPES: 'Bearer',
  BCRYPT_COST: '12',
  NODE_ENV: 'development',
  LOG_LEVEL: 'info',
} as const;

/** HS256/384/512 sign every token with JWT_SECRET; RS256/PS256/ES256 sign access tokens with a published key. */
export const JWT_ALGORITHMS = SIGNING_ALGORITHMS;
export type JwtAlgorithm = SigningAlgorithm;
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const STORE_KINDS = ['auto', 'mongodb', 'memory'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export const MIN_SECRET_BYTES = 32;
export const BCRYPT_COST_RANGE = { min: 4, max: 15 } as const;

/** The asymmetric part of the configuration: present only when JWT_ALGORITHM is RS256, PS256 or ES256. */
export interface SigningKeysConfig {
  /** Current (signs access tokens), next and previous keys, as KeyObjects made once. */
  readonly ring: AsymmetricKeyRing;
  /** Start-up log lines: which key signs and what is published, where the internal HMAC secret comes from. */
  readonly messages: readonly string[];
  /** GET /.well-known/jwks.json, serialised once. */
  readonly jwks: PublishedJwks;
  /** JWKS_MAX_AGE: seconds consumers may cache the JWKS. */
  readonly jwksMaxAgeSeconds: number;
}

export interface Config {
  readonly port: number;
  readonly nodeEnv: NodeEnv;
  readonly logLevel: LogLevel;
  readonly store: StoreKind;
  readonly mongodbUri: string | undefined;
  readonly dataDir: string;
  readonly jwt: {
    readonly secret: string;
    /** True when no JWT_SECRET was given and one was generated for this process. */
    readonly secretGenerated: boolean;
    readonly algorithm: JwtAlgorithm;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
    /** SESSION_MAX_LIFETIME: no token of a session lives past auth_time plus this. */
    readonly sessionMaxLifetimeSeconds: number;
    /** Lifetime of a device token: a device that completed a login keeps its own login budget (lockout defence). */
    readonly deviceTokenTtlSeconds: number;
    readonly issuer: string;
    readonly audience: string;
    /**
     * With an asymmetric JWT_ALGORITHM: the keys of access tokens; `secret` is then the internal HMAC key of
     * refresh and device tokens (HS256), never published. Undefined with an HMAC algorithm.
     */
    readonly signingKeys?: SigningKeysConfig;
    /** JWT_HASURA_CLAIMS=true: access tokens also carry Hasura's claims namespace. */
    readonly hasuraClaims?: true;
  } & JwtRotationConfig;
  readonly authHeaderTypes: readonly string[];
  readonly bcryptCost: number;
  /** PASSWORD_HASH, ARGON2_*, BCRYPT_COST: see password-hash.config.ts. */
  readonly passwordHash: PasswordHashConfig;
  readonly admin: { readonly email: string; readonly password: string } | undefined;
  /** Rate limits, query limits, CORS, cookies: see http-security.config.ts. */
  readonly http: HttpSecurityConfig;
  readonly cache: CacheConfig;
  /** ROLE_PERMISSIONS_FILE, validated at start; absent: the built-in mapping (src/auth/permissions.ts). */
  readonly rolePermissions?: RolePermissions;
  /** PUBLIC_URL: the origin of the discovery document's absolute URLs (never taken from a Host header). */
  readonly publicUrl: string;
  /** INTROSPECTION_CLIENTS: who may call /oauth/introspect and /oauth/revoke; none configured: both answer 404. */
  readonly introspectionClients: IntrospectionClients;
  /** Mail delivery, link lifetimes and REQUIRE_VERIFIED_EMAIL: see mail.config.ts. */
  readonly mail: MailConfig;
  /** SESSION_SHORT_LIFETIME ("remember me" off), SESSION_BINDING, ACCESS_TOKEN_BINDING. */
  readonly sessions: SessionsConfig;
  /** Two-factor authentication: TOTP issuer, data encryption keys, roles that must use it, wrong-code limits. */
  readonly mfa: MfaConfig;
  /** GraphQL subscriptions over WebSocket: connection and subscription limits (websocket.config.ts). */
  readonly websocket: WebSocketConfig;
  /** METRICS_*, SHUTDOWN_DELAY, LOG_FORMAT: see operations.config.ts. */
  readonly operations: OperationsConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Loads ./.env into the environment when the file exists; variables already set win. */
export function loadDotEnvFile(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}

/**
 * The operator CLI's configuration: the server's, and ADMIN_PASSWORD also on its own (without ADMIN_EMAIL),
 * as `create-admin` may take its password from it.
 */
export function loadOperatorConfig(env: Env = process.env): { config: Config; adminPassword: string | undefined } {
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  const alone = adminPassword !== undefined && !env.ADMIN_EMAIL?.trim();
  return { config: loadConfig(alone ? { ...env, ADMIN_PASSWORD: undefined } : env), adminPassword };
}

/** Reads, validates and freezes the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const { read, integer } = envReader(env, DEFAULTS, problems);
  const optional = (name: string): string | undefined => env[name]?.trim() || undefined;
  const oneOf = <T extends string>(name: keyof typeof DEFAULTS, allowed: readonly T[]): T => {
    const value = read(name);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return DEFAULTS[name] as T;
  };
  const duration = (name: keyof typeof DEFAULTS): number => {
    const text = read(name);
    const seconds = parseDurationSeconds(text);
    if (seconds !== undefined && seconds <= MAX_TOKEN_TTL_SECONDS) return seconds;
    problems.push(`${name} must be a duration from 1s to 365d such as 90s, 15m, 12h or 7d (got "${text}")`);
    return parseDurationSeconds(DEFAULTS[name]) as number;
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS);
  const production = nodeEnv === 'production';
  const store = oneOf('STORE', STORE_KINDS);
  const mongodbUri = optional('MONGODB_URI');
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  // STORE=memory is the one deliberate exception (benchmarks, demos): it says out loud that data dies with the process.
  if (production && !mongodbUri && store !== 'memory') {
    problems.push('MONGODB_URI is required when NODE_ENV=production');
  }

  const algorithm = oneOf('JWT_ALGORITHM', JWT_ALGORITHMS);
  const dataDir = read('DATA_DIR');
  const asymmetric = isAsymmetricAlgorithm(algorithm);
  let secret = optional('JWT_SECRET');
  const secretGenerated = !secret && !asymmetric;
  const internalSecretMessages: string[] = [];
  if (secret && Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    problems.push(`JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes long`);
  } else if (!secret && asymmetric) {
    // The internal HMAC key of refresh tokens: kept under <DATA_DIR>/keys in development, in memory in test.
    const internal = resolveInternalHmacSecret({ jwtSecret: undefined, nodeEnv, dataDir }, problems);
    secret = internal.secret;
    if (internal.message) internalSecretMessages.push(internal.message);
  } else if (!secret) {
    if (production) problems.push('JWT_SECRET is required when NODE_ENV=production');
    secret = randomBytes(48).toString('base64url');
  }
  const resolvedKeys = resolveSigningKeys(env, { algorithm, nodeEnv, dataDir }, problems);
  const jwksMaxAgeSeconds = readJwksMaxAge(env, problems);
  const signingKeys: SigningKeysConfig | undefined = resolvedKeys && {
    ring: resolvedKeys.ring,
    messages: [resolvedKeys.message, ...internalSecretMessages],
    jwks: buildJwks(resolvedKeys.ring),
    jwksMaxAgeSeconds,
  };

  const rotation = readJwtRotationConfig(env, { secret, minBytes: MIN_SECRET_BYTES }, problems);

  const accessTokenTtlSeconds = duration('ACCESS_TOKEN_TTL');
  const refreshTokenTtlSeconds = duration('REFRESH_TOKEN_TTL');
  if (refreshTokenTtlSeconds <= accessTokenTtlSeconds) {
    problems.push('REFRESH_TOKEN_TTL must be longer than ACCESS_TOKEN_TTL');
  }
  const sessionMaxLifetimeSeconds = readSessionMaxLifetime(env, refreshTokenTtlSeconds, problems);

  const authHeaderTypes = read('AUTH_HEADER_TYPES').split(',').map((t) => t.trim()).filter(Boolean);
  if (authHeaderTypes.some((t) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(t))) {
    problems.push('AUTH_HEADER_TYPES must be a comma-separated list of words such as "Bearer,JWT"');
  }

  const adminEmail = optional('ADMIN_EMAIL');
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (Boolean(adminEmail) !== Boolean(adminPassword)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const adminEmailProblem = adminEmail && emailProblem(adminEmail);
  if (adminEmailProblem) {
    problems.push(`ADMIN_EMAIL must be an email address (got ${JSON.stringify(adminEmail)}): ${adminEmailProblem}`);
  }
  const passwordHash = readPasswordHashConfig(env, integer('BCRYPT_COST', BCRYPT_COST_RANGE.min, BCRYPT_COST_RANGE.max), problems);
  const adminPasswordProblem = adminPassword && passwordProblem(adminPassword, adminEmail, maxNewPasswordBytes(passwordHash.algorithm));
  if (adminPasswordProblem) problems.push(`ADMIN_PASSWORD: ${adminPasswordProblem}`);

  const http = loadHttpSecurityConfig(env, production, problems);
  const rolePermissions = optional('ROLE_PERMISSIONS_FILE') ? readRolePermissions(env, problems) : undefined;
  const hasuraClaims = optional('JWT_HASURA_CLAIMS');
  if (hasuraClaims && hasuraClaims !== 'true' && hasuraClaims !== 'false') {
    problems.push(`JWT_HASURA_CLAIMS must be true or false (got "${hasuraClaims}")`);
  }
  const port = integer('PORT', 0, 65535);
  const publicUrl = readPublicUrl(env, { port, production, algorithm }, problems);

  const config: Config = {
    port,
    nodeEnv,
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS),
    store,
    mongodbUri,
    dataDir,
    jwt: {
      secret,
      secretGenerated,
      algorithm,
      accessTokenTtlSeconds,
      refreshTokenTtlSeconds,
      sessionMaxLifetimeSeconds,
      deviceTokenTtlSeconds: duration('DEVICE_TOKEN_TTL'),
      // RFC 8414: a published key's issuer is the URL its metadata is served from.
      issuer: optional('JWT_ISSUER') ?? (isAsymmetricAlgorithm(algorithm) ? publicUrl : DEFAULTS.JWT_ISSUER),
      audience: read('JWT_AUDIENCE'),
      ...rotation,
      ...(signingKeys ? { signingKeys } : {}),
      ...(hasuraClaims === 'true' ? { hasuraClaims: true as const } : {}),
    },
    authHeaderTypes,
    bcryptCost: passwordHash.bcryptCost,
    passwordHash,
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    http,
    cache: parseCacheConfig(env, problems),
    ...(rolePermissions ? { rolePermissions } : {}),
    publicUrl,
    introspectionClients: readIntrospectionClients(env, problems),
    mail: readMailConfig(env, { production, dataDir, publicUrl }, problems),
    sessions: readSessionsConfig(env, sessionMaxLifetimeSeconds, problems),
    mfa: readMfaConfig(env, { nodeEnv, dataDir }, problems),
    websocket: readWebSocketConfig(env, problems),
    operations: readOperationsConfig(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child);
  }
  return Object.freeze(value);
}
