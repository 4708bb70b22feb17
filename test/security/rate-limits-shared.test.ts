import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { startHttpServer } from '../../src/server/http-server';
import { errorOf, REFRESH } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';

// With MongoDB the counters live in the database, so every instance sees the attempts spent on the others.
for (const backend of storeBackends().filter((b) => b.name === 'mongodb')) {
  describeBackend(backend, 'rate limits shared between instances', () => {
    test('attempts spent on one instance count on the other', async () => {
      const config = loadConfig({ ...TEST_ENV, STORE: 'mongodb', MONGODB_URI: 'mongodb://unused', RATE_LIMIT_REFRESH_PER_IP: '2/15m' });
      const clock = new ManualClock();
      const stores = await backend.open(clock, 'shared_limits');
      const first = await startHttpServer({ config, stores, clock, logger: silentLogger });
      const second = await startHttpServer({ config, stores, clock, logger: silentLogger });
      try {
        expect(errorOf(await postGraphQL(first.url, REFRESH, { refreshToken: 'x' })).extensions.code).toBe('UNAUTHENTICATED');
        expect(errorOf(await postGraphQL(second.url, REFRESH, { refreshToken: 'x' })).extensions.code).toBe('UNAUTHENTICATED');
        const refused = await postGraphQL(first.url, REFRESH, { refreshToken: 'x' });
        expect(errorOf(refused).extensions.code).toBe('TOO_MANY_REQUESTS');
        expect(refused.status).toBe(429);
      } finally {
        await first.stop();
        await second.stop();
        await stores.close();
      }
    });
  });
}
