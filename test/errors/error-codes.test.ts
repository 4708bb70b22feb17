import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, ERROR_REASONS } from '../../src/errors/error-codes';

const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
const documented = (name: string): boolean => new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, 'm').test(readme);

describe('README error table', () => {
  test.each(Object.keys(ERROR_CODES))('documents extensions.code %s', (code) => {
    expect(documented(code)).toBe(true);
  });

  test.each(Object.keys(ERROR_REASONS))('documents extensions.reason %s', (reason) => {
    expect(documented(reason)).toBe(true);
  });

  test('lists nothing the code does not define', () => {
    const section = readme.split(/^## /m).find((part) => part.startsWith('Errors')) ?? '';
    const rows = [...section.matchAll(/^\|\s*`([A-Z_]+)`\s*\|/gm)].map((match) => match[1]);
    expect(rows.length).toBeGreaterThan(0);
    for (const name of rows) expect([...Object.keys(ERROR_CODES), ...Object.keys(ERROR_REASONS)]).toContain(name);
  });
});
