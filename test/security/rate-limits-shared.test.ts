import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { TEST_ENV } from '../support/test-server';
import { describeBackend, storeBackends } from '../support/test-stores';
import { expectInstancesShareRefreshLimit } from './support/shared-limits';

// With MongoDB the counters live in the database, so every instance sees the attempts spent on the others.
for (const backend of storeBackends().filter((b) => b.name === 'mongodb')) {
  describeBackend(backend, 'rate limits shared between instances', () => {
    test('attempts spent on one instance count on the other', async () => {
      const config = loadConfig({ ...TEST_ENV, STORE: 'mongodb', MONGODB_URI: 'mongodb://unused', RATE_LIMIT_REFRESH_PER_IP: '2/15m' });
      const clock = new ManualClock();
      const stores = await backend.open(clock, 'shared_limits');
      try {
        await expectInstancesShareRefreshLimit(config, stores, clock);
      } finally {
        await stores.close();
      }
    });
  });
}
