import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { TEST_ENV } from '../support/test-server';

/** A real server over memory stores whose health the test switches off and on. */
async function serverWithSwitchableStore() {
  const clock = new ManualClock();
  const real = createMemoryStores(clock);
  const state = { up: true };
  const stores = { ...real, isHealthy: async () => state.up };
  const server = await startHttpServer({ config: loadConfig(TEST_ENV), stores, clock, logger: silentLogger });
  return { server, state, stop: async () => { await server.stop(); await real.close(); } };
}

const get = async (server: RunningServer, path: string) => {
  const response = await fetch(new URL(path, server.url));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('health probes', () => {
  let running: Awaited<ReturnType<typeof serverWithSwitchableStore>>;
  beforeEach(async () => {
    running = await serverWithSwitchableStore();
  });
  afterEach(() => running.stop());

  test('/health/live and /health/ready answer 200 when all is well; /health is as before', async () => {
    expect(await get(running.server, '/health/live')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await get(running.server, '/health/ready')).toEqual({
      status: 200,
      body: { status: 'ready', checks: { store: true, keys: true, shuttingDown: false } },
    });
    expect(await get(running.server, '/health')).toEqual({ status: 200, body: { status: 'ok', store: 'memory', storeHealthy: true } });
  });

  test('a store that does not answer makes the instance unready, not dead', async () => {
    running.state.up = false;
    expect(await get(running.server, '/health/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { store: false, keys: true, shuttingDown: false } },
    });
    expect((await get(running.server, '/health/live')).status).toBe(200);
    expect((await get(running.server, '/health')).status).toBe(503);
    running.state.up = true;
    expect((await get(running.server, '/health/ready')).status).toBe(200);
  });

  test('once shutting down: unready, while still alive and serving GraphQL', async () => {
    running.server.markShuttingDown();
    expect(await get(running.server, '/health/ready')).toEqual({
      status: 503,
      body: { status: 'unavailable', checks: { store: true, keys: true, shuttingDown: true } },
    });
    expect((await get(running.server, '/health/live')).status).toBe(200);
    const graphql = await fetch(running.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(graphql.status).toBe(200);
  });

  test('the probes follow the routing rules of every path (case, trailing slash) and carry the security headers', async () => {
    const response = await fetch(new URL('/Health/Ready/', running.server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
