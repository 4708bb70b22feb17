/**
 * The names of every input (GraphQL argument or input-object field) that carries a secret. One list drives
 * both the error formatter, which never repeats a value given to one of them (format-error.ts,
 * input-value-redaction.ts), and the logger, which redacts them at any of the first levels of a logged object
 * (lib/logger.ts). A feature that adds a secret input adds its name here.
 */
export const SECRET_INPUT_NAMES: readonly string[] = Object.freeze([
  'password',
  'currentPassword',
  'newPassword',
  'refreshToken',
  'deviceToken',
  'token',
  'mfaToken',
  'code',
]);

const secretNames: ReadonlySet<string> = new Set(SECRET_INPUT_NAMES);

export const isSecretInputName = (name: string): boolean => secretNames.has(name);
