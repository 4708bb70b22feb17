import { ConfigError, loadConfig, loadOperatorConfig, MIN_SECRET_BYTES } from '../../src/config/config';
import { parseDurationSeconds } from '../../src/config/duration';
import { configProblemsOf } from '../support/config-problems';

const SECRET = 'a-config-test-secret-of-at-least-32-bytes';
const VALID = { JWT_SECRET: SECRET } as const;

const problemsOf = configProblemsOf;

describe('parseDurationSeconds', () => {
  test.each([
    ['90s', 90],
    ['15m', 900],
    ['12h', 43_200],
    ['7d', 604_800],
    ['60', 60],
    [' 15m ', 900],
    ['2H', 7200],
  ])('reads %p as %p seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  test.each(['0', '0s', '-5', 'abc', '15 minutes', '', '1.5h', '7w', 'm', '99999999999999999d'])(
    'rejects %p',
    (text) => {
      expect(parseDurationSeconds(text)).toBeUndefined();
    },
  );
});

describe('loadConfig', () => {
  test('an empty development environment gets every default', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 4000,
      nodeEnv: 'development',
      logLevel: 'info',
      store: 'auto',
      mongodbUri: undefined,
      dataDir: '.data',
      jwt: {
        secret: expect.any(String),
        secretGenerated: true,
        algorithm: 'HS256',
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 604_800,
        sessionMaxLifetimeSeconds: 2_592_000,
        deviceTokenTtlSeconds: 15_552_000,
        issuer: 'tokengate',
        audience: 'tokengate-api',
        previousSecrets: [],
        refreshReuseGraceSeconds: 10,
        rotationOverlapSeconds: 300,
      },
      authHeaderTypes: ['Bearer'],
      bcryptCost: 12,
      passwordHash: { algorithm: 'argon2id', argon2: { memoryKib: 19_456, timeCost: 2, parallelism: 1 }, bcryptCost: 12 },
      admin: undefined,
      // Checked in test/security/http-security-config.test.ts.
      http: expect.any(Object),
      cache: { maxEntries: 50_000, ttlMs: 60_000, syncIntervalMs: 500, passwordWorkers: 0 },
      publicUrl: 'http://localhost:4000',
      // Checked in test/oauth/introspection-clients.test.ts.
      introspectionClients: expect.objectContaining({ configured: false }),
      // Checked in test/config/mail.config.test.ts.
      mail: expect.objectContaining({ transport: { kind: 'outbox', dir: '.data/outbox' } }),
      sessions: { shortLifetimeSeconds: 43_200, binding: [], accessTokenBinding: false },
      // Checked in test/config/mfa.config.test.ts.
      mfa: expect.objectContaining({ issuer: 'tokengate', requiredForRoles: [] }),
      websocket: { maxConnectionsPerIp: 20, maxConnectionsPerUser: 10, maxSubscriptionsPerConnection: 20, maxMessageBytes: 65536, connectionInitWaitMs: 3000 },
      operations: { metrics: { mode: 'off' }, shutdownDelayMs: 5000, logFormat: 'auto' },
    });
  });

  test('reads every variable, trimmed, with durations in units', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      PORT: ' 8080 ',
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      STORE: 'mongodb',
      MONGODB_URI: 'mongodb+srv://cluster.example.com/tokengate',
      DATA_DIR: '/var/lib/tokengate',
      JWT_ALGORITHM: 'HS512',
      ACCESS_TOKEN_TTL: '90s',
      REFRESH_TOKEN_TTL: '12h',
      DEVICE_TOKEN_TTL: '30d',
      JWT_ISSUER: 'issuer.example',
      JWT_AUDIENCE: 'audience.example',
      AUTH_HEADER_TYPES: 'Bearer, JWT',
      BCRYPT_COST: '4',
      ADMIN_EMAIL: 'root@example.com',
      ADMIN_PASSWORD: 'a long admin password',
    });
    expect(config).toMatchObject({
      port: 8080,
      nodeEnv: 'test',
      logLevel: 'silent',
      store: 'mongodb',
      mongodbUri: 'mongodb+srv://cluster.example.com/tokengate',
      dataDir: '/var/lib/tokengate',
      jwt: {
        secret: SECRET,
        secretGenerated: false,
        algorithm: 'HS512',
        accessTokenTtlSeconds: 90,
        refreshTokenTtlSeconds: 43_200,
        deviceTokenTtlSeconds: 2_592_000,
        issuer: 'issuer.example',
        audience: 'audience.example',
      },
      authHeaderTypes: ['Bearer', 'JWT'],
      bcryptCost: 4,
      admin: { email: 'root@example.com', password: 'a long admin password' },
    });
  });

  test('the result is frozen all the way down', () => {
    const config = loadConfig({ ...VALID, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'a long admin password' });
    for (const part of [config, config.jwt, config.authHeaderTypes, config.admin]) expect(Object.isFrozen(part)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.jwt as { secret: string }).secret = 'stolen';
    }).toThrow(TypeError);
    expect(() => (config.authHeaderTypes as string[]).push('Basic')).toThrow(TypeError);
    expect(config.jwt.secret).toBe(SECRET);
  });

  // Each row: one bad variable, and the single problem line that must name it.
  test.each<[string, Record<string, string>, string]>([
    ['PORT', { PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535 (got "abc")'],
    ['PORT', { PORT: '65536' }, 'PORT must be a whole number from 0 to 65535 (got "65536")'],
    ['JWT_SECRET', { JWT_SECRET: 'x'.repeat(MIN_SECRET_BYTES - 1) }, 'JWT_SECRET must be at least 32 bytes long'],
    ['JWT_ALGORITHM', { JWT_ALGORITHM: 'EdDSA' }, 'JWT_ALGORITHM must be one of HS256, HS384, HS512, RS256, PS256, ES256 (got "EdDSA")'],
    ['ACCESS_TOKEN_TTL', { ACCESS_TOKEN_TTL: '15 minutes' }, 'ACCESS_TOKEN_TTL must be a duration'],
    ['REFRESH_TOKEN_TTL', { REFRESH_TOKEN_TTL: '0' }, 'REFRESH_TOKEN_TTL must be a duration'],
    ['REFRESH_TOKEN_TTL', { REFRESH_TOKEN_TTL: '366d' }, 'REFRESH_TOKEN_TTL must be a duration from 1s to 365d'],
    ['REFRESH_TOKEN_TTL', { REFRESH_TOKEN_TTL: '15m' }, 'REFRESH_TOKEN_TTL must be longer than ACCESS_TOKEN_TTL'],
    ['REFRESH_TOKEN_TTL', { ACCESS_TOKEN_TTL: '1h', REFRESH_TOKEN_TTL: '30m' }, 'REFRESH_TOKEN_TTL must be longer'],
    ['DEVICE_TOKEN_TTL', { DEVICE_TOKEN_TTL: '1y' }, 'DEVICE_TOKEN_TTL must be a duration from 1s to 365d such as 90s, 15m, 12h or 7d (got "1y")'],
    ['DEVICE_TOKEN_TTL', { DEVICE_TOKEN_TTL: '366d' }, 'DEVICE_TOKEN_TTL must be a duration from 1s to 365d'],
    ['BCRYPT_COST', { BCRYPT_COST: '3' }, 'BCRYPT_COST must be a whole number from 4 to 15 (got "3")'],
    ['BCRYPT_COST', { BCRYPT_COST: '16' }, 'BCRYPT_COST must be a whole number from 4 to 15 (got "16")'],
    ['NODE_ENV', { NODE_ENV: 'staging' }, 'NODE_ENV must be one of development, production, test (got "staging")'],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of'],
    ['STORE', { STORE: 'postgres' }, 'STORE must be one of auto, mongodb, memory (got "postgres")'],
    ['MONGODB_URI', { MONGODB_URI: 'http://localhost:27017/tokengate' }, 'MONGODB_URI must start with mongodb://'],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'root@example.com' }, 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together'],
    ['ADMIN_PASSWORD', { ADMIN_PASSWORD: 'a long admin password' }, 'ADMIN_EMAIL and ADMIN_PASSWORD must be set together'],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'a long admin password' }, 'ADMIN_EMAIL must be an email'],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD: Password must be'],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'ro\u200bot@example.com', ADMIN_PASSWORD: 'a long admin password' }, 'invisible'],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'root.operator@example.com', ADMIN_PASSWORD: 'root.operator' }, 'ADMIN_PASSWORD: Password must not be your email'],
    ['AUTH_HEADER_TYPES', { AUTH_HEADER_TYPES: 'Bearer,Not a word' }, 'AUTH_HEADER_TYPES must be a comma-separated list'],
  ])('%s: %j gives one problem line naming it', (name, bad, expected) => {
    const problems = problemsOf({ ...VALID, ...bad });
    expect(problems).toEqual([expect.stringContaining(expected)]);
    expect(problems[0]).toContain(name);
  });

  test('reports every bad variable at once, one line each, also in the message', () => {
    let thrown: unknown;
    try {
      loadConfig({ PORT: 'x', JWT_ALGORITHM: 'none', BCRYPT_COST: '99', LOG_LEVEL: 'loud', JWT_SECRET: 'short' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const { problems, message } = thrown as ConfigError;
    expect(problems).toHaveLength(5);
    for (const name of ['PORT', 'JWT_ALGORITHM', 'BCRYPT_COST', 'LOG_LEVEL', 'JWT_SECRET']) {
      const line = problems.find((problem) => problem.startsWith(`${name} `));
      expect(line).toBeDefined();
      expect(message).toContain(`  - ${line}`);
    }
  });

  describe('in production', () => {
    // Mail has its own production rule (SMTP_URL), checked in test/config/mail.config.test.ts.
    const PRODUCTION = { NODE_ENV: 'production', MAIL_TRANSPORT: 'disabled' } as const;

    test('requires both MONGODB_URI and JWT_SECRET', () => {
      expect(problemsOf(PRODUCTION)).toEqual([
        'MONGODB_URI is required when NODE_ENV=production',
        'JWT_SECRET is required when NODE_ENV=production',
      ]);
    });

    test('requires JWT_SECRET even with MONGODB_URI set', () => {
      expect(problemsOf({ ...PRODUCTION, MONGODB_URI: 'mongodb://db/tokengate' })).toEqual([
        'JWT_SECRET is required when NODE_ENV=production',
      ]);
    });

    test('STORE=memory lifts the MONGODB_URI requirement but not the JWT_SECRET one', () => {
      expect(problemsOf({ ...PRODUCTION, STORE: 'memory' })).toEqual(['JWT_SECRET is required when NODE_ENV=production']);
      expect(loadConfig({ ...PRODUCTION, ...VALID, STORE: 'memory' })).toMatchObject({ store: 'memory', mongodbUri: undefined });
    });

    test('loads with MONGODB_URI and JWT_SECRET', () => {
      const config = loadConfig({ ...PRODUCTION, ...VALID, MONGODB_URI: 'mongodb://db:27017/tokengate' });
      expect(config).toMatchObject({ nodeEnv: 'production', mongodbUri: 'mongodb://db:27017/tokengate' });
      expect(config.jwt).toMatchObject({ secret: SECRET, secretGenerated: false });
    });
  });

  describe('without JWT_SECRET outside production', () => {
    test.each([{}, { JWT_SECRET: '   ' }, { NODE_ENV: 'test' }])('generates a strong secret for %p', (env) => {
      const { jwt } = loadConfig(env);
      expect(jwt.secretGenerated).toBe(true);
      expect(Buffer.byteLength(jwt.secret, 'utf8')).toBeGreaterThanOrEqual(MIN_SECRET_BYTES);
    });

    test('generates a different secret on each call', () => {
      const secrets = new Set(Array.from({ length: 5 }, () => loadConfig({}).jwt.secret));
      expect(secrets.size).toBe(5);
    });
  });
});

describe('loadOperatorConfig (the admin CLI)', () => {
  test('takes ADMIN_PASSWORD on its own, which the server refuses without ADMIN_EMAIL', () => {
    const env = { JWT_SECRET: 'x'.repeat(MIN_SECRET_BYTES), ADMIN_PASSWORD: 'a long admin password' };
    expect(() => loadConfig(env)).toThrow('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
    const { config, adminPassword } = loadOperatorConfig(env);
    expect(adminPassword).toBe('a long admin password');
    expect(config.admin).toBeUndefined();
  });

  test('with both set, the server configuration is the same, checks included', () => {
    const env = { JWT_SECRET: 'x'.repeat(MIN_SECRET_BYTES), ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'a long admin password' };
    expect(loadOperatorConfig(env)).toEqual({ config: loadConfig(env), adminPassword: 'a long admin password' });
    expect(() => loadOperatorConfig({ ...env, ADMIN_PASSWORD: 'short' })).toThrow(ConfigError);
  });
});
