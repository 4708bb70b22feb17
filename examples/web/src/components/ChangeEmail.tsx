import { useMutation } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { formErrorsOf, type FormErrors } from '../graphql/field-errors';
import { RequestEmailChangeDocument } from '../graphql/operations';
import { Button } from './Button';
import { Field } from './Field';
import { FormErrorMessage, useFocusFirstInvalid } from './FormErrorMessage';

const NO_ERRORS: FormErrors = { fields: {} };

/** Asks to move the account to another address: the switch happens when the link mailed there is opened. */
export function ChangeEmail() {
  const [request, { loading }] = useMutation(RequestEmailChangeDocument);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [sentTo, setSentTo] = useState<string | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
    const newEmail = field('newEmail').value.trim();
    try {
      await request({ variables: { newEmail, currentPassword: field('currentPassword').value } });
      setErrors(NO_ERRORS);
      setSentTo(newEmail);
      form.reset();
    } catch (error) {
      setErrors(formErrorsOf(error));
      setSentTo(undefined);
    }
  }

  return (
    <section className="card" aria-labelledby="change-email-title">
      <h2 id="change-email-title">Change your email</h2>
      <form ref={formRef} onSubmit={submit} aria-label="Change your email" data-testid="change-email-form" className="form" noValidate>
        <FormErrorMessage errors={errors} testId="change-email-form-error" />
        {sentTo && (
          <p role="status" className="notice notice--success" data-testid="change-email-sent">
            Confirm with the link we mailed to {sentTo}. Until then your address stays the same.
          </p>
        )}
        <Field name="newEmail" label="New email" type="email" autoComplete="email" error={errors.fields.newEmail} />
        <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" error={errors.fields.currentPassword} />
        <Button type="submit" pending={loading}>
          Mail me a confirmation link
        </Button>
      </form>
    </section>
  );
}
