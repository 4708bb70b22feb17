import { badUserInput } from '../../errors/api-errors';
import { normalizeEmail } from '../../users/email-address';
import { isCommonPassword } from './common-passwords';
import { BCRYPT_MAX_PASSWORD_BYTES } from './hash-limits';
import { normalizePassword } from './password.hasher';

export const PASSWORD_MIN_CHARACTERS = 8;

/** Half of a UTF-16 pair on its own: UTF-8 has no encoding for it, so every one would hash as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /^\p{Cc}$/u;
const BLANK = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}]$/u;

/**
 * What is wrong with the password, or undefined when the policy accepts it. `email` is the account's
 * address (as given or as stored): the password may be neither it nor its local part. `maxBytes` is what the
 * configured algorithm takes (hash-limits.ts: maxNewPasswordBytes); bcrypt's 72, the strictest, when not told.
 */
export function passwordProblem(password: string, email?: string, maxBytes = BCRYPT_MAX_PASSWORD_BYTES): string | undefined {
  if (LONE_SURROGATE.test(password)) return 'Password must not contain unpaired surrogate code units (invalid UTF-16)';
  // Counted as typed: NFKC can expand one character into many (U+FDFA is 18 after NFKC).
  const typed = [...password];
  if (typed.length < PASSWORD_MIN_CHARACTERS) {
    return `Password must be at least ${PASSWORD_MIN_CHARACTERS} characters long`;
  }
  const normalized = normalizePassword(password);
  if (Buffer.byteLength(normalized, 'utf8') > maxBytes) {
    return `Password must be at most ${maxBytes} bytes long (UTF-8)`;
  }
  if (typed.every((c) => CONTROL.test(c))) return 'Password must not be made of control characters only';
  if (typed.every((c) => BLANK.test(c) || CONTROL.test(c))) return 'Password must not be made of spaces only';
  if (new Set(normalized).size === 1) return 'Password must not be one character repeated';
  if (email && isOwnEmail(normalized, email)) return 'Password must not be your email address or its part before the @';
  if (isCommonPassword(normalized)) return 'This password is one of the most common ones; choose another';
  return undefined;
}

function isOwnEmail(normalizedPassword: string, email: string): boolean {
  const candidate = normalizedPassword.trim().toLowerCase();
  return [email.trim().toLowerCase(), normalizeEmail(email)].some((address) => {
    const at = address.lastIndexOf('@');
    return candidate === address || (at > 0 && candidate === address.slice(0, at));
  });
}

/** Throws BAD_USER_INPUT naming the field when the password breaks the policy. */
export function assertAcceptablePassword(password: string, field: string, email: string | undefined, maxBytes: number): void {
  const problem = passwordProblem(password, email, maxBytes);
  if (problem) throw badUserInput(field, problem);
}
