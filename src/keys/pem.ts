import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * PEM text → KeyObject, accepting exactly the formats the configuration documents: PKCS#8 for private keys
 * (`-----BEGIN PRIVATE KEY-----`) and SPKI for public ones (`-----BEGIN PUBLIC KEY-----`).
 *
 * PKCS#1 (`RSA PRIVATE KEY`) and SEC1 (`EC PRIVATE KEY`) are refused, with the one openssl command that
 * converts them, although node could read them: PKCS#8 names its algorithm, so one format covers RSA and
 * EC alike; SEC1 files from `openssl ecparam -genkey` carry a second `EC PARAMETERS` block that is easy to
 * mangle; and what the README documents is then exactly what is accepted. Encrypted keys are refused too
 * (there is no passphrase variable), before node could try to prompt for one.
 */

export type KeyKind = 'private' | 'public';
export type PemResult = { ok: true; key: KeyObject } | { ok: false; problem: string };

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

const EXPECTED_LABEL: Record<KeyKind, string> = { private: 'PRIVATE KEY', public: 'PUBLIC KEY' };
const TO_PKCS8 = 'convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem';
const TO_PUBLIC = 'give its public key instead: openssl pkey -in key.pem -pubout';

/** Why a block with this label cannot be used where a key of `kind` is needed. */
const WRONG_LABEL: Record<KeyKind, Record<string, string>> = {
  private: {
    'RSA PRIVATE KEY': `is a PKCS#1 RSA key; a PKCS#8 private key is needed: ${TO_PKCS8}`,
    'EC PRIVATE KEY': `is a SEC1 EC key; a PKCS#8 private key is needed: ${TO_PKCS8}`,
    'ENCRYPTED PRIVATE KEY': 'is encrypted and there is no passphrase setting: decrypt it with: openssl pkcs8 -in key.pem -out key.pkcs8.pem',
    'PUBLIC KEY': 'is a public key; a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) is needed',
    'RSA PUBLIC KEY': 'is a public key; a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) is needed',
    CERTIFICATE: 'is a certificate; a PKCS#8 private key (-----BEGIN PRIVATE KEY-----) is needed',
  },
  public: {
    'PRIVATE KEY': `is a private key, which a verify-only setting must not hold; ${TO_PUBLIC}`,
    'RSA PRIVATE KEY': `is a private key, which a verify-only setting must not hold; ${TO_PUBLIC}`,
    'EC PRIVATE KEY': `is a private key, which a verify-only setting must not hold; ${TO_PUBLIC}`,
    'ENCRYPTED PRIVATE KEY': `is a private key, which a verify-only setting must not hold; ${TO_PUBLIC}`,
    'RSA PUBLIC KEY': 'is a PKCS#1 RSA public key; an SPKI public key is needed: convert it with: openssl rsa -RSAPublicKey_in -in key.pem -pubout',
    CERTIFICATE: 'is a certificate; an SPKI public key is needed: openssl x509 -in cert.pem -pubkey -noout',
  },
};

/**
 * Environment values often arrive with their line breaks written as the two characters `\n` (one-line .env
 * files, CI secrets); base64 never contains a backslash, so turning them back is safe.
 */
export function normalizePemText(text: string): string {
  return text.replace(/\\r\\n|\\n/g, '\n').replace(/\r\n/g, '\n').trim();
}

/** Parses one PEM key of the given kind; a problem reads after the variable name ("JWT_PRIVATE_KEY <problem>"). */
export function parsePemKey(text: string, kind: KeyKind): PemResult {
  const pem = normalizePemText(text);
  const blocks = [...pem.matchAll(BLOCK)];
  const labels = blocks.map((block) => block[1]);
  // A label we can explain comes first: a SEC1 file's "EC PARAMETERS" block is not the interesting part.
  const wrong = labels.find((label) => WRONG_LABEL[kind][label]) ?? labels.find((label) => label !== EXPECTED_LABEL[kind]);
  if (blocks.length === 0) return fail(`is not a PEM key (no -----BEGIN ${EXPECTED_LABEL[kind]}----- block)`);
  if (wrong) return fail(WRONG_LABEL[kind][wrong] ?? `is a PEM "${wrong}" block; ${NEEDED[kind]} is needed`);
  if (blocks.length > 1) return fail(`holds ${blocks.length} PEM blocks; exactly one key is needed`);
  if (pem !== blocks[0][0]) return fail('has text outside its PEM block');
  try {
    const key = kind === 'private' ? createPrivateKey({ key: pem, format: 'pem' }) : createPublicKey({ key: pem, format: 'pem' });
    return { ok: true, key };
  } catch {
    // node's message names OpenSSL internals; what matters to the operator is that the content is damaged.
    return fail(`is not a valid ${FORMAT[kind]} (the PEM content does not decode)`);
  }
}

const FORMAT: Record<KeyKind, string> = { private: 'PKCS#8 private key', public: 'SPKI public key' };
const NEEDED: Record<KeyKind, string> = { private: 'a PKCS#8 private key', public: 'an SPKI public key' };
const fail = (problem: string): PemResult => ({ ok: false, problem });
