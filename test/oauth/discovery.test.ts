import { loadConfig } from '../../src/config/config';
import { readPublicUrl } from '../../src/config/public-url.config';
import { authorizationServerMetadata } from '../../src/server/discovery';
import { configProblemsOf } from '../support/config-problems';
import { startTestServer, TEST_ENV, type TestServer } from '../support/test-server';
import { OAUTH_ENV, originOf } from './support/oauth-client';

// RFC 8414 discovery: what a resource server reads to find us, built from configuration only.
describe('GET /.well-known/oauth-authorization-server', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { ...OAUTH_ENV, PUBLIC_URL: 'https://auth.example.com/' } });
  });
  afterAll(() => server.stop());

  test('lists the issuer and the introspection and revocation endpoints under PUBLIC_URL, and nothing else', async () => {
    const response = await fetch(`${originOf(server)}/.well-known/oauth-authorization-server`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(await response.json()).toEqual({
      issuer: 'tokengate',
      introspection_endpoint: 'https://auth.example.com/oauth/introspect',
      introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
      revocation_endpoint: 'https://auth.example.com/oauth/revoke',
      revocation_endpoint_auth_methods_supported: ['client_secret_basic'],
    });
  });

  test('URLs never come from the Host header', async () => {
    const response = await fetch(`${originOf(server)}/.well-known/oauth-authorization-server`, {
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    expect(await response.text()).not.toContain('evil');
  });

  test('/.well-known/openid-configuration answers 404: we issue no ID tokens', async () => {
    const response = await fetch(`${originOf(server)}/.well-known/openid-configuration`);
    expect(response.status).toBe(404);
  });

  test('jwks_uri appears only with an asymmetric algorithm (with HMAC the JWKS answers 404)', () => {
    const config = loadConfig({ ...TEST_ENV, PUBLIC_URL: 'https://auth.example.com' });
    expect(authorizationServerMetadata(config)).not.toHaveProperty('jwks_uri');
    const asymmetric = { ...config, jwt: { ...config.jwt, algorithm: 'ES256' as never } };
    expect(authorizationServerMetadata(asymmetric)).toMatchObject({ jwks_uri: 'https://auth.example.com/.well-known/jwks.json' });
  });
});

describe('PUBLIC_URL', () => {
  test('defaults to http://localhost:<PORT>', () => {
    expect(loadConfig({ ...TEST_ENV, PORT: '4321' }).publicUrl).toBe('http://localhost:4321');
  });

  test('keeps an origin, without its trailing slash', () => {
    expect(loadConfig({ ...TEST_ENV, PUBLIC_URL: 'https://auth.example.com:8443/' }).publicUrl).toBe('https://auth.example.com:8443');
  });

  test.each(['auth.example.com', 'ftp://auth.example.com', 'https://auth.example.com/tokengate', 'https://auth.example.com?x=1',
    'https://auth.example.com/#a', 'https://user:pw@auth.example.com', '/relative'])('refuses %p with one line naming the variable', (value) => {
    expect(configProblemsOf({ ...TEST_ENV, PUBLIC_URL: value })).toEqual([
      `PUBLIC_URL must be an absolute http(s) origin such as https://auth.example.com, without a path, query or credentials (got "${value}")`,
    ]);
  });

  test('is not required in production with an HMAC algorithm', () => {
    const production = { ...TEST_ENV, NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.example/tokengate' };
    expect(() => loadConfig(production)).not.toThrow();
  });

  test('is required in production with an asymmetric algorithm (one line naming it)', () => {
    // JWT_ALGORITHM does not take ES256 on this branch yet: the rule is checked where it is made.
    const problems: string[] = [];
    readPublicUrl({}, { port: 4000, production: true, algorithm: 'ES256' }, problems);
    expect(problems).toEqual(['PUBLIC_URL is required when NODE_ENV=production and JWT_ALGORITHM=ES256']);
    const given: string[] = [];
    expect(readPublicUrl({ PUBLIC_URL: 'https://auth.example.com' }, { port: 4000, production: true, algorithm: 'ES256' }, given)).toBe('https://auth.example.com');
    expect(given).toEqual([]);
  });
});
