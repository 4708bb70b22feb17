import { fitsStoredHash, maxPasswordBytesOf } from '../../../src/auth/passwords/hash-limits';

describe('hash limits', () => {
  test.each(['$2a$12$', '$2b$04$', '$2y$10$', '$2x$10$'])('a bcrypt hash (%s…) reads 72 bytes', (prefix) => {
    expect(maxPasswordBytesOf(`${prefix}${'a'.repeat(53)}`)).toBe(72);
  });

  test('an Argon2id hash reads up to 1024 bytes (the most a new password may have)', () => {
    const hash = '$argon2id$v=19$m=65536,t=3,p=4$abc$def';
    expect(maxPasswordBytesOf(hash)).toBe(1024);
    expect(fitsStoredHash('x'.repeat(1024), hash)).toBe(true);
    expect(fitsStoredHash('x'.repeat(1025), hash)).toBe(false);
  });

  test.each(['', 'plain text', '$argon2i$v=19$m=65536,t=3,p=4$abc$def', '$2c$12$abc'])('%p names no known limit', (hash) => {
    expect(maxPasswordBytesOf(hash)).toBeUndefined();
  });

  test('a password fits a bcrypt hash up to 72 bytes of UTF-8', () => {
    const hash = `$2b$04$${'a'.repeat(53)}`;
    expect(fitsStoredHash('x'.repeat(72), hash)).toBe(true);
    expect(fitsStoredHash('x'.repeat(73), hash)).toBe(false);
    expect(fitsStoredHash('€'.repeat(24), hash)).toBe(true);
    expect(fitsStoredHash(`${'x'.repeat(70)}€`, hash)).toBe(false);
  });
});
