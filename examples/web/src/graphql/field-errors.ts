import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { REASON_MESSAGES } from '../auth/reason-messages';

export interface FormErrors {
  /** BAD_USER_INPUT messages by extensions.field, shown next to the field. */
  fields: Record<string, string>;
  /** Anything else (invalid credentials, network), shown above the form. */
  form?: string;
}

/**
 * Splits a mutation's error into field errors (BAD_USER_INPUT + extensions.field) and one form message.
 * A wrong second-factor code is the `code` field's error, whether it came as BAD_USER_INPUT (signed in) or
 * UNAUTHENTICATED (completeMfaLogin); reasons the user can act on get the app's message (reason-messages.ts).
 */
export function formErrorsOf(error: unknown): FormErrors {
  if (!CombinedGraphQLErrors.is(error)) {
    return { fields: {}, form: 'The server could not be reached, please try again.' };
  }
  const fields: Record<string, string> = {};
  const others: string[] = [];
  for (const { message: serverMessage, extensions } of error.errors) {
    const reason = typeof extensions?.reason === 'string' ? extensions.reason : undefined;
    const message = (reason && REASON_MESSAGES[reason]) ?? serverMessage;
    const field = reason === 'INVALID_MFA_CODE' ? 'code' : extensions?.field;
    if ((extensions?.code === 'BAD_USER_INPUT' || reason === 'INVALID_MFA_CODE') && typeof field === 'string') fields[field] ??= message;
    else others.push(message);
  }
  return { fields, form: others.length > 0 ? others.join(' ') : undefined };
}
