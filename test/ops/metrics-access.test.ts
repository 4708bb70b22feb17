import { freePort } from '../support/server-process';
import { METRICS_TOKEN, scrape } from '../support/metrics-scrape';
import { startTestServer, type TestServer } from '../support/test-server';

const metricsUrl = (server: TestServer): string => new URL('/metrics', server.url).toString();
const get = (url: string, authorization?: string) => fetch(url, { headers: authorization ? { authorization } : {} });

describe('GET /metrics: never public by default', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  test.each(['development', 'production', 'test'])('with neither METRICS_TOKEN nor METRICS_PORT: 404 (NODE_ENV=%s)', async (nodeEnv) => {
    server = await startTestServer({ env: { NODE_ENV: nodeEnv } });
    for (const path of ['/metrics', '/metrics/', '/METRICS']) {
      const response = await get(new URL(path, server.url).toString(), `Bearer ${METRICS_TOKEN}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('process_cpu');
    }
  });

  test('with METRICS_TOKEN: the Prometheus text for the right Bearer token only', async () => {
    server = await startTestServer({ env: { METRICS_TOKEN } });
    const url = metricsUrl(server);
    for (const authorization of [undefined, 'Bearer', `Bearer ${METRICS_TOKEN}x`, `Bearer ${METRICS_TOKEN.slice(0, -1)}`, `Basic ${METRICS_TOKEN}`, METRICS_TOKEN]) {
      const refused = await get(url, authorization);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await refused.text()).not.toContain('process_cpu');
    }
    const answer = await get(url, `Bearer ${METRICS_TOKEN}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const text = await answer.text();
    // Process and Node defaults, and ours.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toContain('# TYPE tokengate_http_request_duration_seconds histogram');
  });

  test('with METRICS_PORT: on that port only, bound to 127.0.0.1; the API port answers 404', async () => {
    const port = await freePort();
    server = await startTestServer({ env: { METRICS_PORT: String(port) } });
    expect((await get(metricsUrl(server))).status).toBe(404);
    const answer = await get(`http://127.0.0.1:${port}/metrics`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('process_cpu_user_seconds_total');
    // Nothing else is served there.
    expect((await get(`http://127.0.0.1:${port}/graphql`)).status).toBe(404);
    expect((await get(`http://127.0.0.1:${port}/health`)).status).toBe(404);
  });

  test('with both: on METRICS_PORT only, and the Bearer token is required there too', async () => {
    const port = await freePort();
    server = await startTestServer({ env: { METRICS_PORT: String(port), METRICS_TOKEN } });
    expect((await get(metricsUrl(server), `Bearer ${METRICS_TOKEN}`)).status).toBe(404);
    expect((await get(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    expect(await scrape(`http://127.0.0.1:${port}/metrics`)).toContain('process_cpu_user_seconds_total');
  });

  test('a start that fails on a taken API port does not leave the metrics port open', async () => {
    server = await startTestServer();
    const port = await freePort();
    const taken = String(new URL(server.url).port);
    await expect(startTestServer({ env: { PORT: taken, METRICS_PORT: String(port) } })).rejects.toThrow(/EADDRINUSE/);
    await expect(get(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  test('the metrics port closes with the server', async () => {
    const port = await freePort();
    server = await startTestServer({ env: { METRICS_PORT: String(port) } });
    await server.stop();
    server = undefined;
    await expect(get(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
