import { badUserInput } from '../../errors/api-errors';
import { isCommonPassword } from './common-passwords';
import { normalizePassword } from './password.hasher';

export const PASSWORD_MIN_CHARACTERS = 8;
/** bcrypt ignores every byte past the 72nd, so a longer password would be silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

/** What is wrong with the password, or undefined when the policy accepts it. */
export function passwordProblem(password: string): string | undefined {
  const normalized = normalizePassword(password);
  if ([...normalized].length < PASSWORD_MIN_CHARACTERS) {
    return `Password must be at least ${PASSWORD_MIN_CHARACTERS} characters long`;
  }
  if (Buffer.byteLength(normalized, 'utf8') > PASSWORD_MAX_BYTES) {
    return `Password must be at most ${PASSWORD_MAX_BYTES} bytes long (UTF-8)`;
  }
  if (isCommonPassword(normalized)) return 'This password is one of the most common ones; choose another';
  return undefined;
}

/** Throws BAD_USER_INPUT naming the field when the password breaks the policy. */
export function assertAcceptablePassword(password: string, field: string): void {
  const problem = passwordProblem(password);
  if (problem) throw badUserInput(field, problem);
}
