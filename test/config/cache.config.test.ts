import { ConfigError, loadConfig } from '../../src/config/config';
import { parseMilliseconds } from '../../src/config/cache.config';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('cache configuration', () => {
  test.each([
    ['500ms', 500],
    ['250', 250],
    ['2s', 2000],
    ['1m', 60_000],
  ])('parseMilliseconds(%p) is %p', (text, ms) => {
    expect(parseMilliseconds(text)).toBe(ms);
  });

  test('reads every cache variable', () => {
    const config = loadConfig({ AUTH_CACHE_MAX_ENTRIES: '1000', AUTH_CACHE_TTL: '30s', CACHE_SYNC_INTERVAL: '200ms', PASSWORD_WORKERS: '3' });
    expect(config.cache).toEqual({ maxEntries: 1000, ttlMs: 30_000, syncIntervalMs: 200, passwordWorkers: 3 });
  });

  test.each([
    ['AUTH_CACHE_MAX_ENTRIES', '0'],
    ['AUTH_CACHE_MAX_ENTRIES', 'lots'],
    ['AUTH_CACHE_TTL', '10ms'],
    ['AUTH_CACHE_TTL', '2h'],
    ['CACHE_SYNC_INTERVAL', '10ms'],
    ['CACHE_SYNC_INTERVAL', '5m'],
    ['CACHE_SYNC_INTERVAL', 'soon'],
    ['PASSWORD_WORKERS', '-1'],
  ])('%s=%p is refused with one line naming it', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} must be .*\\(got "${value}"\\)$`));
  });
});
