import { useMutation } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { challengeEnded } from '../auth/mfa-challenge';
import { REASON_MESSAGES } from '../auth/reason-messages';
import { useSession } from '../auth/session-context';
import { formErrorsOf, type FormErrors } from '../graphql/field-errors';
import { CompleteMfaLoginDocument } from '../graphql/operations';
import { Button } from './Button';
import { Field } from './Field';
import { FormErrorMessage, useFocusFirstInvalid } from './FormErrorMessage';

const NO_ERRORS: FormErrors = { fields: {} };

/** A refused recovery code: no "wait for the next code" (that is the app's codes). */
const withRecoveryWording = (errors: FormErrors, recovery: boolean): FormErrors =>
  recovery && errors.fields.code === REASON_MESSAGES.INVALID_MFA_CODE
    ? { ...errors, fields: { ...errors.fields, code: 'That recovery code is wrong or was already used: each works once. Try another one.' } }
    : errors;

interface MfaLoginStepProps {
  /** login's extensions.mfaToken: memory only, single use, 5 minutes. */
  mfaToken: string;
  rememberMe: boolean;
  /** Back to the password (the user asked, or the challenge is over: `reason` says why). */
  onRestart: (reason?: string) => void;
}

/** The second login step: the authenticator's 6 digits, or one of the recovery codes. */
export function MfaLoginStep({ mfaToken, rememberMe, onRestart }: MfaLoginStepProps) {
  const { session } = useSession();
  const [complete, { loading }] = useMutation(CompleteMfaLoginDocument);
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = (event.currentTarget.elements.namedItem('code') as HTMLInputElement).value.trim();
    try {
      const { data } = await complete({ variables: { mfaToken, code, rememberMe } });
      if (data) session.signIn(data.completeMfaLogin);
    } catch (error) {
      if (challengeEnded(error)) onRestart('The sign-in took too long or had too many wrong codes: enter your password again.');
      else setErrors(withRecoveryWording(formErrorsOf(error), useRecoveryCode));
    }
  }

  function switchKind() {
    setUseRecoveryCode((before) => !before);
    setErrors(NO_ERRORS);
    // The field is re-rendered with its new label: put the cursor back in it.
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLInputElement>('input[name="code"]')?.focus());
  }

  return (
    <form ref={formRef} onSubmit={submit} aria-label="Two-step verification" data-testid="mfa-form" className="form" noValidate>
      <p className="lead">
        {useRecoveryCode
          ? 'Enter one of the recovery codes you saved when you turned on two-factor authentication. Each works once.'
          : 'Your password was right. Enter the 6-digit code from your authenticator app.'}
      </p>
      <FormErrorMessage errors={errors} testId="mfa-form-error" />
      {useRecoveryCode ? (
        <Field key="recovery" name="code" label="Recovery code" autoComplete="off" hint="Like abcde-fghij." error={errors.fields.code} />
      ) : (
        <Field key="totp" name="code" label="Authentication code" autoComplete="one-time-code" inputMode="numeric" error={errors.fields.code} />
      )}
      <Button type="submit" pending={loading}>
        Verify
      </Button>
      <div className="form__links">
        <button type="button" className="link-button" onClick={switchKind} data-testid="mfa-switch">
          {useRecoveryCode ? 'Use the authenticator app' : 'Use a recovery code'}
        </button>
        <button type="button" className="link-button" onClick={() => onRestart()}>
          Start over
        </button>
      </div>
    </form>
  );
}
