import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * assets/ sits at the package root. This file runs as src/auth/passwords/*.ts under ts-jest and as
 * dist/auth/passwords/*.js after `tsc`: both are three folders below the root.
 */
export const COMMON_PASSWORDS_FILE = path.resolve(__dirname, '../../../assets/common-passwords.txt');

let list: ReadonlySet<string> | undefined;

/** The bundled list of the most common passwords, lower-cased; read once, on first use. */
export function commonPasswords(): ReadonlySet<string> {
  list ??= new Set(
    readFileSync(COMMON_PASSWORDS_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim().normalize('NFKC').toLowerCase())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  return list;
}

/** Compared after NFKC and lower-casing, so "PassWord123" is as common as "password123". */
export const isCommonPassword = (normalizedPassword: string): boolean =>
  commonPasswords().has(normalizedPassword.toLowerCase());
