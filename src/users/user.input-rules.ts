import { badUserInput } from '../errors/api-errors';
import type { UserRecord, UserStore } from '../stores/user.store';
import { checkEmail, legacyEmailForm } from './email-address';

export { EMAIL_MAX_LENGTH, normalizeEmail, legacyEmailForm } from './email-address';
export const NAME_MAX_LENGTH = 100;

/** What is wrong with the address, or undefined when it is acceptable. */
export function emailProblem(email: string): string | undefined {
  const checked = checkEmail(email);
  return checked.ok ? undefined : checked.problem;
}

/** The normal form of the address (see email-address.ts); BAD_USER_INPUT naming the field when it is refused. */
export function parseEmail(email: string, field = 'email'): string {
  const checked = checkEmail(email);
  if (!checked.ok) throw badUserInput(field, checked.problem);
  return checked.email;
}

/**
 * The account of an address: by its normal form, else by the legacy form an older version stored it in.
 * `email` is parseEmail's result for `typed`. The fallback costs a second lookup only when the forms differ.
 */
export async function findUserByEmail(users: UserStore, email: string, typed: string): Promise<UserRecord | null> {
  return (await users.findByEmail(email)) ?? findLegacyUser(users, email, typed);
}

/** The account stored under the legacy form of the typed address, when that form differs from the normal one. */
export function findLegacyUser(users: UserStore, email: string, typed: string): Promise<UserRecord | null> {
  const legacy = legacyEmailForm(typed);
  return legacy === email ? Promise.resolve(null) : users.findByEmail(legacy);
}

/** Returns the trimmed name, or null for none. */
export function parseName(name: string | null | undefined, field = 'name'): string | null {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length > NAME_MAX_LENGTH) {
    throw badUserInput(field, `Name must be at most ${NAME_MAX_LENGTH} characters long`);
  }
  return trimmed === '' ? null : trimmed;
}
