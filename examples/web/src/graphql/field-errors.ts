import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface FormErrors {
  /** BAD_USER_INPUT messages by extensions.field, shown next to the field. */
  fields: Record<string, string>;
  /** Anything else (invalid credentials, network), shown above the form. */
  form?: string;
}

/** Splits a mutation's error into field errors (BAD_USER_INPUT + extensions.field) and one form message. */
export function formErrorsOf(error: unknown): FormErrors {
  if (!CombinedGraphQLErrors.is(error)) {
    return { fields: {}, form: 'The server could not be reached, please try again.' };
  }
  const fields: Record<string, string> = {};
  const others: string[] = [];
  for (const { message, extensions } of error.errors) {
    const field = extensions?.field;
    if (extensions?.code === 'BAD_USER_INPUT' && typeof field === 'string') fields[field] ??= message;
    else others.push(message);
  }
  return { fields, form: others.length > 0 ? others.join(' ') : undefined };
}
