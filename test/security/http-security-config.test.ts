import { loadConfig } from '../../src/config/config';
import { parseRateLimit } from '../../src/config/http-security.config';
import { configProblemsOf } from '../support/config-problems';

const SECRET = 'a-config-test-secret-of-at-least-32-bytes';

const problemsOf = (env: Record<string, string>): readonly string[] => configProblemsOf({ JWT_SECRET: SECRET, ...env });

describe('HTTP and abuse configuration', () => {
  test('defaults', () => {
    expect(loadConfig({}).http).toEqual({
      rateLimits: {
        loginPerIp: { points: 20, durationSeconds: 900 },
        loginPerEmail: { points: 10, durationSeconds: 900 },
        loginPerDevice: { points: 10, durationSeconds: 900 },
        registerPerIp: { points: 10, durationSeconds: 3600 },
        registerPerEmail: { points: 5, durationSeconds: 3600 },
        refreshPerIp: { points: 60, durationSeconds: 60 },
        changePasswordPerUser: { points: 20, durationSeconds: 900 },
        changePasswordPerSession: { points: 5, durationSeconds: 900 },
        introspectionPerClient: { points: 600, durationSeconds: 60 },
        passwordResetPerIp: { points: 20, durationSeconds: 3600 },
        passwordResetPerEmail: { points: 5, durationSeconds: 3600 },
        verificationEmailPerIp: { points: 20, durationSeconds: 3600 },
        verificationEmailPerEmail: { points: 5, durationSeconds: 3600 },
        emailChangePerUser: { points: 5, durationSeconds: 3600 },
      },
      maxBatch: 1,
      queryLimits: { maxDepth: 10, maxAliases: 15, maxFields: 200, maxTokens: 5000, maxIntrospectionFields: 500 },
      introspection: true,
      corsOrigins: [],
      trustProxy: false,
      refreshTokenCookie: false,
    });
  });

  test('production turns introspection off unless GRAPHQL_INTROSPECTION=true', () => {
    const production = { NODE_ENV: 'production', STORE: 'memory', JWT_SECRET: SECRET, MAIL_TRANSPORT: 'disabled' };
    expect(loadConfig(production).http.introspection).toBe(false);
    expect(loadConfig({ ...production, GRAPHQL_INTROSPECTION: 'true' }).http.introspection).toBe(true);
  });

  test('reads every variable', () => {
    const http = loadConfig({
      RATE_LIMIT_LOGIN_PER_IP: '100 / 1h',
      RATE_LIMIT_REFRESH_PER_IP: 'off',
      GRAPHQL_MAX_BATCH: '5',
      GRAPHQL_MAX_DEPTH: '6',
      CORS_ORIGINS: ' https://app.example.com , http://localhost:5173 ',
      TRUST_PROXY: '1',
      REFRESH_TOKEN_COOKIE: 'TRUE',
      GRAPHQL_INTROSPECTION: 'false',
    }).http;
    expect(http.rateLimits.loginPerIp).toEqual({ points: 100, durationSeconds: 3600 });
    expect(http.rateLimits.refreshPerIp).toBeUndefined();
    expect(http).toMatchObject({ maxBatch: 5, trustProxy: 1, refreshTokenCookie: true, introspection: false });
    expect(http.queryLimits.maxDepth).toBe(6);
    expect(http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  test.each([
    [{ RATE_LIMIT_LOGIN_PER_IP: '20 per 15m' }, /^RATE_LIMIT_LOGIN_PER_IP must be attempts per duration/],
    [{ RATE_LIMIT_LOGIN_PER_EMAIL: '0/15m' }, /^RATE_LIMIT_LOGIN_PER_EMAIL /],
    [{ RATE_LIMIT_LOGIN_PER_DEVICE: '10 a minute' }, /^RATE_LIMIT_LOGIN_PER_DEVICE must be attempts per duration/],
    [{ GRAPHQL_MAX_BATCH: '0' }, /^GRAPHQL_MAX_BATCH must be a whole number from 1 to 100/],
    [{ GRAPHQL_MAX_TOKENS: '10' }, /^GRAPHQL_MAX_TOKENS /],
    [{ CORS_ORIGINS: 'https://app.example.com/path' }, /^CORS_ORIGINS must list origins/],
    [{ CORS_ORIGINS: '*' }, /^CORS_ORIGINS /],
    [{ TRUST_PROXY: 'true' }, /^TRUST_PROXY must be false, a number of proxy hops/],
    [{ REFRESH_TOKEN_COOKIE: 'yes' }, /^REFRESH_TOKEN_COOKIE must be true or false/],
    [{ GRAPHQL_INTROSPECTION: '1' }, /^GRAPHQL_INTROSPECTION must be true or false/],
  ])('refuses %p with one line naming the variable', (env, problem) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  test.each([
    ['20/15m', { points: 20, durationSeconds: 900 }],
    ['1/1s', { points: 1, durationSeconds: 1 }],
    ['OFF', 'off'],
    ['20', undefined],
    ['x/15m', undefined],
    ['5/0s', undefined],
  ])('parseRateLimit(%p)', (text, expected) => {
    expect(parseRateLimit(text)).toEqual(expected);
  });
});
