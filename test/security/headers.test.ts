import { startTestServer, type TestServer } from '../support/test-server';

const HTML = { accept: 'text/html' };

describe('security headers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'development' } });
  });
  afterAll(() => server?.stop());

  const expectHelmetBasics = (headers: Headers) => {
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('x-powered-by')).toBeNull();
  };

  test('API responses carry helmet headers and a CSP that allows nothing to load or frame', async () => {
    const response = await server.gql('{ __typename }');
    expectHelmetBasics(response.headers);
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'");
  });

  test('the whole static set, as helmet gives it (and no-store: answers may carry tokens)', async () => {
    const response = await server.gql('{ __typename }');
    const headers = Object.fromEntries(response.headers.entries());
    expect(headers).toMatchObject({
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-frame-options': 'SAMEORIGIN',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
    expect(headers['x-powered-by']).toBeUndefined();
  });

  test('error responses carry them too: 413, 401, 400', async () => {
    const big = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'x'.repeat(200_000) }) });
    expect(big.status).toBe(413);
    expectHelmetBasics(big.headers);
    const unauthorized = await server.gql('{ __typename }', {}, { token: 'garbage' });
    expect(unauthorized.status).toBe(401);
    expectHelmetBasics(unauthorized.headers);
    const health = await fetch(server.url.replace('/graphql', '/health'));
    expectHelmetBasics(health.headers);
    expect(health.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
  });

  test("the Sandbox landing page's CSP lets Apollo's embedded Sandbox load, and nothing frames it", async () => {
    const response = await fetch(server.url, { headers: HTML });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('https://embeddable-sandbox.cdn.apollographql.com/');
    const csp = response.headers.get('content-security-policy') as string;
    const directive = (name: string) => csp.split(';').find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toContain('https://embeddable-sandbox.cdn.apollographql.com');
    expect(directive('frame-src')).toContain('https://sandbox.embed.apollographql.com');
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    // Every script the page loads from elsewhere comes from an origin the CSP allows.
    for (const [, origin] of html.matchAll(/<script[^>]*src="(https:\/\/[^/]+)\//g)) {
      expect(directive('script-src')).toContain(origin);
    }
  });
});
