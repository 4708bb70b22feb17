import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HTTP_SECURITY_DEFAULTS } from '../../src/config/http-security.config';

const root = path.join(__dirname, '../..');
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const httpSection = readme.split(/^### /m).find((part) => part.startsWith('HTTP and abuse')) ?? '';

// The documentation of every HTTP and abuse variable stays in step with the code's defaults.
describe('HTTP and abuse documentation', () => {
  test.each(Object.entries(HTTP_SECURITY_DEFAULTS))('.env.example sets %s to its default %p', (name, value) => {
    expect(envExample).toMatch(new RegExp(`^${name}=${value.replace(/[/.]/g, '\\$&')}$`, 'm'));
  });

  test.each([...Object.keys(HTTP_SECURITY_DEFAULTS), 'GRAPHQL_INTROSPECTION'])('README "HTTP and abuse" documents %s', (name) => {
    expect(httpSection).toContain(`\`${name}\``);
  });
});
