import { loadConfig } from '../../src/config/config';
import { readOperationsConfig } from '../../src/config/operations.config';
import { configProblemsOf } from '../support/config-problems';
import { TEST_ENV } from '../support/test-server';

const TOKEN = 'x'.repeat(32);
const operationsOf = (env: Record<string, string>) => loadConfig({ ...TEST_ENV, ...env }).operations;

describe('operations configuration (METRICS_*, SHUTDOWN_DELAY, LOG_FORMAT)', () => {
  test('defaults: metrics off, a 5 s readiness delay, the log format chosen at start', () => {
    expect(operationsOf({})).toEqual({ metrics: { mode: 'off' }, shutdownDelayMs: 5000, logFormat: 'auto' });
  });

  test('METRICS_TOKEN alone: on the API port, behind the token', () => {
    expect(operationsOf({ METRICS_TOKEN: TOKEN }).metrics).toEqual({ mode: 'token', token: TOKEN });
  });

  test('METRICS_PORT: its own port on METRICS_HOST (127.0.0.1 by default), with the token when both are set', () => {
    expect(operationsOf({ METRICS_PORT: '9464' }).metrics).toEqual({ mode: 'port', port: 9464, host: '127.0.0.1' });
    expect(operationsOf({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: TOKEN }).metrics).toEqual({
      mode: 'port', port: 9464, host: '0.0.0.0', token: TOKEN,
    });
  });

  test('SHUTDOWN_DELAY takes ms, s and 0', () => {
    expect(operationsOf({ SHUTDOWN_DELAY: '0' }).shutdownDelayMs).toBe(0);
    expect(operationsOf({ SHUTDOWN_DELAY: '0s' }).shutdownDelayMs).toBe(0);
    expect(operationsOf({ SHUTDOWN_DELAY: '250ms' }).shutdownDelayMs).toBe(250);
    expect(operationsOf({ SHUTDOWN_DELAY: '10s' }).shutdownDelayMs).toBe(10_000);
  });

  test.each([
    [{ METRICS_TOKEN: 'x'.repeat(31) }, /^METRICS_TOKEN must be at least 32 characters long \(got 31\)/],
    [{ METRICS_TOKEN: `${'x'.repeat(31)} y` }, /^METRICS_TOKEN must be visible ASCII characters only/],
    [{ METRICS_PORT: '0' }, /^METRICS_PORT must be a whole number from 1 to 65535 \(got "0"\)/],
    [{ METRICS_PORT: 'nine' }, /^METRICS_PORT must be a whole number/],
    [{ METRICS_PORT: '9464', METRICS_HOST: 'metrics.example.com' }, /^METRICS_HOST must be an IP address/],
    [{ SHUTDOWN_DELAY: 'soon' }, /^SHUTDOWN_DELAY must be a duration from 0 to 120s/],
    [{ SHUTDOWN_DELAY: '10m' }, /^SHUTDOWN_DELAY must be a duration/],
    [{ LOG_FORMAT: 'yaml' }, /^LOG_FORMAT must be one of json, pretty \(got "yaml"\)$/],
  ])('%j is refused with one line naming the variable', (env, line) => {
    const problems = configProblemsOf({ ...TEST_ENV, ...env });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(line);
  });

  test('a refused METRICS_TOKEN is never repeated in the message', () => {
    const token = 'short-secret-value';
    expect(configProblemsOf({ ...TEST_ENV, METRICS_TOKEN: token }).join('\n')).not.toContain(token);
  });

  test('LOG_FORMAT=pretty needs pino-pretty installed', () => {
    const problems: string[] = [];
    readOperationsConfig({ LOG_FORMAT: 'pretty' }, problems, () => false);
    expect(problems).toEqual([expect.stringMatching(/^LOG_FORMAT=pretty needs pino-pretty, a development dependency that is not installed/)]);
    expect(operationsOf({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty'); // installed here
  });
});
