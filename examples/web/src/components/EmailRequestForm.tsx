import { useRef, useState, type FormEvent } from 'react';
import { formErrorsOf, type FormErrors } from '../graphql/field-errors';
import { Button } from './Button';
import { Field } from './Field';
import { FormErrorMessage, useFocusFirstInvalid } from './FormErrorMessage';

const NO_ERRORS: FormErrors = { fields: {} };

interface EmailRequestFormProps {
  testId: string;
  submitLabel: string;
  /** The server answers true whatever the address (no account enumeration): say what happens if it has one. */
  sentMessage: string;
  send: (email: string) => Promise<unknown>;
}

/** One email address, one request that mails a link ("forgot password", "send the verification mail again"). */
export function EmailRequestForm({ testId, submitLabel, sentMessage, send }: EmailRequestFormProps) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);
  const [sent, setSent] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = (event.currentTarget.elements.namedItem('email') as HTMLInputElement).value.trim();
    setPending(true);
    try {
      await send(email);
      setErrors(NO_ERRORS);
      setSent(true);
    } catch (error) {
      setErrors(formErrorsOf(error));
      setSent(false);
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} aria-label={submitLabel} data-testid={testId} className="form" noValidate>
      <FormErrorMessage errors={errors} testId={`${testId}-error`} />
      {sent && (
        <p role="status" className="notice notice--success" data-testid={`${testId}-sent`}>
          {sentMessage}
        </p>
      )}
      <Field name="email" label="Email" type="email" autoComplete="email" error={errors.fields.email} />
      <Button type="submit" pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
