import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WEBSOCKET_DEFAULTS } from '../../src/config/websocket.config';
import { CLOSE_CODES } from '../../src/realtime/close-codes';
import { loadConfig } from '../../src/config/config';
import { TEST_ENV } from '../support/test-server';

const root = path.join(__dirname, '../..');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const clients = readFileSync(path.join(root, 'docs/CLIENTS.md'), 'utf8');

describe('WebSocket configuration and its documentation', () => {
  test.each(Object.entries(WEBSOCKET_DEFAULTS))('.env.example sets %s to its default %p, and README lists it with that default', (name, value) => {
    expect(envExample).toMatch(new RegExp(`^${name}=${value}$`, 'm'));
    expect(readme).toContain(`| \`${name}\` | \`${value}\` |`);
  });

  test.each(Object.values(CLOSE_CODES))('docs/CLIENTS.md explains close code %p', (code) => {
    expect(clients).toContain(`| \`${code}\` |`);
  });

  test.each([
    ['WS_MAX_CONNECTIONS_PER_IP', '0'],
    ['WS_MAX_CONNECTIONS_PER_USER', 'ten'],
    ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', '-1'],
    ['WS_MAX_MESSAGE_BYTES', '10'],
  ])('a bad %s (%p) stops the start with one line naming it', (name, value) => {
    expect(() => loadConfig({ ...TEST_ENV, [name]: value })).toThrow(new RegExp(`- ${name} must be a whole number from`));
  });
});
