import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { formErrorsOf } from '../src/graphql/field-errors';

const graphqlErrors = (...errors: { message: string; extensions: Record<string, unknown> }[]) =>
  new CombinedGraphQLErrors({ errors });

describe('formErrorsOf', () => {
  it('puts BAD_USER_INPUT messages under their extensions.field, the first one per field', () => {
    const errors = graphqlErrors(
      { message: 'Password is too short', extensions: { code: 'BAD_USER_INPUT', field: 'password' } },
      { message: 'Email is taken', extensions: { code: 'BAD_USER_INPUT', field: 'email' } },
      { message: 'second password message', extensions: { code: 'BAD_USER_INPUT', field: 'password' } },
    );
    expect(formErrorsOf(errors)).toEqual({ fields: { password: 'Password is too short', email: 'Email is taken' }, form: undefined });
  });

  it('shows INVALID_CREDENTIALS (and BAD_USER_INPUT without a field) above the form, naming no field', () => {
    const errors = graphqlErrors(
      { message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } },
      { message: 'Variable coercion failed', extensions: { code: 'BAD_USER_INPUT' } },
    );
    expect(formErrorsOf(errors)).toEqual({ fields: {}, form: 'Invalid email or password Variable coercion failed' });
  });

  it('a network failure is one form message', () => {
    expect(formErrorsOf(new TypeError('fetch failed'))).toEqual({
      fields: {},
      form: 'The server could not be reached, please try again.',
    });
  });
});
