import { useEffect, type RefObject } from 'react';
import type { FormErrors } from '../graphql/field-errors';

/** The form-level message (invalid credentials, network), announced when it appears. */
export function FormErrorMessage({ errors, testId }: { errors: FormErrors; testId: string }) {
  if (!errors.form) return null;
  return (
    <p role="alert" className="notice notice--error" data-testid={testId}>
      {errors.form}
    </p>
  );
}

/**
 * After a refused submit, focus goes to the first field the server named: the screen reader reads its label
 * and its error (aria-describedby), and the user can correct it at once.
 */
export function useFocusFirstInvalid(form: RefObject<HTMLFormElement | null>, errors: FormErrors): void {
  useEffect(() => {
    form.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus();
  }, [form, errors]);
}
