import { badUserInput } from '../errors/api-errors';

export const EMAIL_MAX_LENGTH = 254;
export const NAME_MAX_LENGTH = 100;
// Deliberately simple: one @, no spaces, a dot in the domain. Deliverability is the mail server's question.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Emails are trimmed and compared case-insensitively: this is the one form stored and looked up. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export const isAcceptableEmail = (normalized: string): boolean =>
  normalized.length <= EMAIL_MAX_LENGTH && EMAIL_SHAPE.test(normalized);

export function parseEmail(email: string, field = 'email'): string {
  const normalized = normalizeEmail(email);
  if (!isAcceptableEmail(normalized)) {
    throw badUserInput(field, 'Email must be a valid address such as ada@example.com');
  }
  return normalized;
}

/** Returns the trimmed name, or null for none. */
export function parseName(name: string | null | undefined, field = 'name'): string | null {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length > NAME_MAX_LENGTH) {
    throw badUserInput(field, `Name must be at most ${NAME_MAX_LENGTH} characters long`);
  }
  return trimmed === '' ? null : trimmed;
}
