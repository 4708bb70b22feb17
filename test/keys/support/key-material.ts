import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Real key pairs made by node:crypto for the test run; no key is ever committed. */
export interface TestKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** PKCS#8 */
  privatePem: string;
  /** SPKI */
  publicPem: string;
}

export function ecKeyPair(namedCurve = 'P-256'): TestKeyPair {
  return withPems(generateKeyPairSync('ec', { namedCurve }));
}

export function rsaKeyPair(modulusLength = 2048): TestKeyPair {
  return withPems(generateKeyPairSync('rsa', { modulusLength }));
}

function withPems({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }): TestKeyPair {
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** As a one-line environment value carries it: line breaks written as the two characters "\n". */
export const escapedNewlines = (pem: string): string => pem.trim().replace(/\n/g, '\\n');

/** A fresh temporary directory, removed by the returned cleanup. */
export function temporaryDirectory(prefix: string): { dir: string; file(name: string, content: string): string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `tokengate-${prefix}-`));
  return {
    dir,
    file: (name, content) => {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The seven JWK members that would reveal a secret (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;
