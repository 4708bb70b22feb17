import type { Config } from '../../../src/config/config';
import type { Clock } from '../../../src/lib/clock';
import { silentLogger } from '../../../src/lib/logger';
import { startHttpServer } from '../../../src/server/http-server';
import type { Stores } from '../../../src/stores/stores';
import { errorOf, REFRESH } from '../../support/operations';
import { postGraphQL } from '../../support/test-server';

/**
 * Two instances on the same stores, with RATE_LIMIT_REFRESH_PER_IP at 2: one attempt on each, then the
 * third (back on the first) must be refused, which only happens when the counters are shared.
 */
export async function expectInstancesShareRefreshLimit(config: Config, stores: Stores, clock: Clock): Promise<void> {
  if (config.http.rateLimits.refreshPerIp?.points !== 2) throw new Error('needs RATE_LIMIT_REFRESH_PER_IP=2/<window>');
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
  }
}
