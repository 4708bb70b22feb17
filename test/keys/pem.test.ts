import { KeyObject } from 'node:crypto';
import { normalizePemText, parsePemKey, type PemResult } from '../../src/keys/pem';
import { ecKeyPair, escapedNewlines, rsaKeyPair } from './support/key-material';

const ec = ecKeyPair();
const rsa = rsaKeyPair();
const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass' }).toString();
const pkcs1Private = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const pkcs1Public = rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const sec1 = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
// Refused by its label before any parsing, so its body need not be a real certificate.
const certificate = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n';
const damaged = ec.privatePem.replace(/\n[A-Za-z0-9+/]{20}/, '\nAAAAAAAAAAAAAAAAAAAA');

const problemOf = (result: PemResult): string | undefined => (result.ok ? undefined : result.problem);

describe('parsePemKey › accepts what the configuration documents', () => {
  test.each([
    ['a PKCS#8 EC private key', ec.privatePem, 'private', 'ec'],
    ['a PKCS#8 RSA private key', rsa.privatePem, 'private', 'rsa'],
    ['an SPKI EC public key', ec.publicPem, 'public', 'ec'],
    ['an SPKI RSA public key', rsa.publicPem, 'public', 'rsa'],
    ['a private key with its line breaks written as "\\n"', escapedNewlines(ec.privatePem), 'private', 'ec'],
    ['a public key with its line breaks written as "\\n"', escapedNewlines(rsa.publicPem), 'public', 'rsa'],
    ['a key with CRLF line breaks and surrounding blank lines', `\r\n${ec.privatePem.replace(/\n/g, '\r\n')}\r\n\r\n`, 'private', 'ec'],
  ] as const)('%s', (_, text, kind, type) => {
    const result = parsePemKey(text, kind);
    expect(problemOf(result)).toBeUndefined();
    const key = (result as { key: KeyObject }).key;
    expect(key).toBeInstanceOf(KeyObject);
    expect(key.type).toBe(kind);
    expect(key.asymmetricKeyType).toBe(type);
  });
});

describe('parsePemKey › refuses a private key in any other form, with the fix', () => {
  test.each([
    ['a public key', ec.publicPem, 'is a public key; a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) is needed'],
    ['a PKCS#1 RSA public key', pkcs1Public, 'is a public key; a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) is needed'],
    ['a certificate', certificate, 'is a certificate; a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) is needed'],
    [
      'a PKCS#1 RSA private key',
      pkcs1Private,
      'is a PKCS#1 RSA key; a PKCS#8 private key is needed: convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem',
    ],
    [
      'a SEC1 EC private key',
      sec1,
      'is a SEC1 EC key; a PKCS#8 private key is needed: convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem',
    ],
    [
      'a SEC1 key with the EC PARAMETERS block openssl ecparam writes',
      `-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${sec1}`,
      'is a SEC1 EC key; a PKCS#8 private key is needed: convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem',
    ],
    ['a DSA parameters block', '-----BEGIN DSA PARAMETERS-----\nAAAA\n-----END DSA PARAMETERS-----', 'is a PEM "DSA PARAMETERS" block; a PKCS#8 private key is needed'],
    [
      'an encrypted PKCS#8 key (no passphrase setting exists)',
      encrypted,
      'is encrypted and there is no passphrase setting: decrypt it with: openssl pkcs8 -in key.pem -out key.pkcs8.pem',
    ],
    ['text that is not PEM', 'not a key at all', 'is not a PEM key (no -----BEGIN PRIVATE KEY----- block)'],
    ['a bare base64 body', ec.privatePem.split('\n').slice(1, -2).join(''), 'is not a PEM key (no -----BEGIN PRIVATE KEY----- block)'],
    ['two keys in one value', `${ec.privatePem}${rsa.privatePem}`, 'holds 2 PEM blocks; exactly one key is needed'],
    ['a key with text around it', `my signing key:\n${ec.privatePem}`, 'has text outside its PEM block'],
    ['a damaged key', damaged, 'is not a valid PKCS#8 private key (the PEM content does not decode)'],
  ])('%s', (_, text, problem) => {
    expect(problemOf(parsePemKey(text, 'private'))).toBe(problem);
  });
});

describe('parsePemKey › a verify-only public key', () => {
  const tellsToExtract = 'is a private key, which a verify-only setting must not hold; give its public key instead: openssl pkey -in key.pem -pubout';
  test.each([
    ['a PKCS#8 private key', ec.privatePem, tellsToExtract],
    ['a PKCS#1 private key', pkcs1Private, tellsToExtract],
    ['a SEC1 private key', sec1, tellsToExtract],
    [
      'a PKCS#1 RSA public key',
      pkcs1Public,
      'is a PKCS#1 RSA public key; an SPKI public key is needed: convert it with: openssl rsa -RSAPublicKey_in -in key.pem -pubout',
    ],
    ['a certificate', certificate, 'is a certificate; an SPKI public key is needed: openssl x509 -in cert.pem -pubkey -noout'],
    ['text that is not PEM', 'AAAA', 'is not a PEM key (no -----BEGIN PUBLIC KEY----- block)'],
    ['a damaged key', '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----', 'is not a valid SPKI public key (the PEM content does not decode)'],
  ])('refuses %s', (_, text, problem) => {
    expect(problemOf(parsePemKey(text, 'public'))).toBe(problem);
  });
});

test('normalizePemText turns escaped line breaks back into real ones and trims', () => {
  expect(normalizePemText('  -----BEGIN X-----\\nAB\\r\\nCD\\n-----END X-----\\n  ')).toBe('-----BEGIN X-----\nAB\nCD\n-----END X-----');
});
