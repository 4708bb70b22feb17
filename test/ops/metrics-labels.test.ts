import { randomBytes } from 'node:crypto';
import { LOGIN, ME, REFRESH, registerUser } from '../support/operations';
import { METRICS_TOKEN, samplesOf, scrape } from '../support/metrics-scrape';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Metrics never carry an email, a token, an IP or anything a client chooses (operationName, aliases, unknown
 * fields, paths): every label value is bounded by our code, so the number of series stops growing however
 * many distinct values clients send.
 */
describe('metric labels are bounded and carry no personal data or secrets', () => {
  let server: TestServer;
  let metricsUrl: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN, TRUST_PROXY: '1' } });
    metricsUrl = new URL('/metrics', server.url).toString();
  });
  afterAll(() => server?.stop());

  /** Everything a round of traffic sent that must never show up in the metrics. */
  async function trafficRound(round: number): Promise<string[]> {
    const marker = () => `m${randomBytes(6).toString('hex')}`;
    const sent: string[] = [];
    for (let i = 0; i < 25; i++) {
      const ip = `192.0.2.${round * 25 + i + 1}`;
      const email = `${marker()}@${marker()}.example`;
      const headers = { 'x-forwarded-for': ip, 'user-agent': `agent-${marker()}`, 'x-request-id': marker() };
      const operationName = `Op${marker()}`;
      const alias = `alias${marker()}`;
      const unknownField = `field${marker()}`;
      sent.push(ip, email, email.split('@')[0], headers['user-agent'], headers['x-request-id'], operationName, alias, unknownField);

      const session = await registerUser(server, { email });
      sent.push(session.accessToken, session.refreshToken, session.userId);
      await server.gql(LOGIN, { input: { email, password: 'wrong password!' } }, { headers });
      await server.gql(`query ${operationName} { ${alias}: me { id } }`, {}, { token: session.accessToken, headers });
      await server.gql(`query ${operationName}X { ${unknownField} }`, {}, { headers });
      await server.gql(`mutation { ${unknownField}(email: "${email}") }`, {}, { headers });
      await server.gql(REFRESH, { refreshToken: session.refreshToken }, { headers });
      await server.gql(ME, {}, { token: `${session.accessToken}x`, headers });
      await fetch(new URL(`/users/${encodeURIComponent(email)}?token=${session.accessToken}`, server.url), { headers });
      await fetch(new URL(`/graphql?query=${encodeURIComponent(`query ${operationName} {${alias}:authSettings{accessTokenTtl}}`)}&operationName=${operationName}`, server.url), {
        headers: { ...headers, 'apollo-require-preflight': 'true' },
      });
    }
    return sent;
  }

  const seriesCount = (text: string): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const sample of samplesOf(text)) {
      if (!sample.name.startsWith('tokengate_')) continue;
      counts.set(sample.name, (counts.get(sample.name) ?? 0) + 1);
    }
    return counts;
  };

  test('after traffic full of emails, tokens, IPs and client-chosen names, none appears, and series stop growing', async () => {
    await scrape(metricsUrl); // the scrape's own series (route /metrics) exists from here on
    const first = await trafficRound(0);
    const afterFirst = await scrape(metricsUrl);
    for (const value of first) expect(afterFirst).not.toContain(value);
    expect(afterFirst).not.toMatch(/192\.0\.2\.|@|example/);

    const second = await trafficRound(1);
    const afterSecond = await scrape(metricsUrl);
    for (const value of second) expect(afterSecond).not.toContain(value);
    // 25 new emails, IPs, operation names, aliases and unknown fields: not one new series.
    expect(seriesCount(afterSecond)).toEqual(seriesCount(afterFirst));

    const fields = new Set(samplesOf(afterSecond).filter((s) => s.name === 'tokengate_graphql_operations_total').map((s) => s.labels.field));
    expect([...fields].sort()).toEqual(['authSettings', 'me', 'refresh', 'register', 'login'].sort());
    const routes = new Set(samplesOf(afterSecond).filter((s) => s.name.startsWith('tokengate_http_request')).map((s) => s.labels.route));
    expect([...routes].sort()).toEqual(['/graphql', '/metrics', 'unmatched']);
  });
});
