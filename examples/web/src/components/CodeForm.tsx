import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formErrorsOf, type FormErrors } from '../graphql/field-errors';
import { Button } from './Button';
import { Field } from './Field';
import { FormErrorMessage, useFocusFirstInvalid } from './FormErrorMessage';

const NO_ERRORS: FormErrors = { fields: {} };

interface CodeFormProps {
  label: string;
  testId: string;
  submitLabel: string;
  variant?: 'primary' | 'danger';
  /** A recovery code is accepted too (not while enrolling: there are none yet). */
  acceptsRecoveryCode?: boolean;
  /** Sends the code; a rejection's GraphQL errors are shown (the code's beside the field). */
  onCode: (code: string) => Promise<unknown>;
  children?: ReactNode;
}

/** One code (TOTP, or a recovery code where accepted) and one action: confirm, disable, regenerate. */
export function CodeForm({ label, testId, submitLabel, variant = 'primary', acceptsRecoveryCode = false, onCode, children }: CodeFormProps) {
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem('code') as HTMLInputElement;
    setPending(true);
    try {
      await onCode(input.value.trim());
      setErrors(NO_ERRORS);
      input.value = '';
    } catch (error) {
      setErrors(formErrorsOf(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} aria-label={submitLabel} data-testid={testId} className="form" noValidate>
      {children}
      <FormErrorMessage errors={errors} testId={`${testId}-error`} />
      <Field
        name="code"
        label={label}
        autoComplete="one-time-code"
        inputMode={acceptsRecoveryCode ? 'text' : 'numeric'}
        hint={acceptsRecoveryCode ? 'The 6 digits from your authenticator app, or a recovery code.' : undefined}
        error={errors.fields.code}
      />
      <Button type="submit" variant={variant} pending={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
