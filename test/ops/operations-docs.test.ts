import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OPERATIONS_DEFAULTS } from '../../src/config/operations.config';
import { TOKENGATE_METRIC_NAMES } from '../../src/metrics/metrics';

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
const OPERATIONS_VARIABLES = ['METRICS_TOKEN', 'METRICS_PORT', 'METRICS_HOST', 'SHUTDOWN_DELAY', 'LOG_FORMAT'];

describe('operations documentation matches the code', () => {
  test.each(OPERATIONS_VARIABLES)('.env.example lists %s (with its default where it has one)', (name) => {
    const fallback = (OPERATIONS_DEFAULTS as Record<string, string>)[name];
    const value = fallback === undefined || fallback === 'auto' ? '' : fallback;
    expect(envExample).toMatch(new RegExp(`^${name}=${value.replace(/\./g, '\\.')}$`, 'm'));
  });

  test.each(OPERATIONS_VARIABLES)("README's configuration table lists %s", (name) => {
    expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${name}\``, 'm'));
  });

  test.each(TOKENGATE_METRIC_NAMES)("README's metrics table lists %s", (name) => {
    expect(readme).toContain(`| \`${name}\` |`);
  });
});
