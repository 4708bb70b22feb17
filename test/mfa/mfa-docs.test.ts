import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MFA_DEFAULTS } from '../../src/config/mfa.config';

const root = path.join(__dirname, '../..');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const VARIABLES = [...Object.keys(MFA_DEFAULTS), 'DATA_ENCRYPTION_KEY', 'DATA_ENCRYPTION_PREVIOUS_KEYS'];

// Every 2FA variable is in .env.example with its default, and in README.
describe('2FA documentation', () => {
  test.each(Object.entries(MFA_DEFAULTS))('.env.example sets %s to its default %p', (name, value) => {
    expect(envExample).toMatch(new RegExp(`^${name}=${value.replace(/[/.]/g, '\\$&')}$`, 'm'));
  });

  test.each(VARIABLES)('.env.example and README document %s', (name) => {
    expect(envExample).toMatch(new RegExp(`^${name}=`, 'm'));
    expect(readme).toContain(`\`${name}\``);
  });

  test.each(['TOTP_ISSUER', 'DATA_ENCRYPTION_KEY', 'DATA_ENCRYPTION_PREVIOUS_KEYS', 'MFA_REQUIRED_FOR_ROLES'])('README configuration table has a row for %s', (name) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });
});
