import { useMutation } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { takeLinkToken } from '../app/link-token';
import { followLink, navigate } from '../app/router';
import { mfaChallengeOf } from '../auth/mfa-challenge';
import { useSession } from '../auth/session-context';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { FormErrorMessage, useFocusFirstInvalid } from '../components/FormErrorMessage';
import { MfaLoginStep } from '../components/MfaLoginStep';
import { formErrorsOf, type FormErrors } from '../graphql/field-errors';
import { ResetPasswordDocument } from '../graphql/operations';

const NO_ERRORS: FormErrors = { fields: {} };

/**
 * /reset-password?token=…: a new password with the link of the reset mail. It ends every session and signs in,
 * or, with 2FA on, answers MFA_REQUIRED like login: the second step follows (a mailbox alone is not enough).
 */
export function ResetPasswordPage() {
  const { session } = useSession();
  const [token] = useState(takeLinkToken);
  const [reset, { loading }] = useMutation(ResetPasswordDocument);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [mfaToken, setMfaToken] = useState<string | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = (event.currentTarget.elements.namedItem('newPassword') as HTMLInputElement).value;
    try {
      const { data } = await reset({ variables: { token: token ?? '', newPassword } });
      if (data) {
        session.signIn(data.resetPassword);
        navigate('/');
      }
    } catch (error) {
      const challenge = mfaChallengeOf(error);
      if (challenge) setMfaToken(challenge);
      else setErrors(formErrorsOf(error));
    }
  }

  if (mfaToken) {
    return (
      <div className="card card--narrow">
        <p className="lead">Your new password is set. Two-factor authentication is on: finish signing in with a code.</p>
        <MfaLoginStep mfaToken={mfaToken} rememberMe onRestart={() => navigate('/login')} />
      </div>
    );
  }
  const linkError = errors.fields.token;
  return (
    <div className="card card--narrow">
      {!token || linkError ? (
        <p role="alert" className="notice notice--error" data-testid="link-error">
          {linkError ?? 'This page opens from the link in a password-reset mail, and this address has no link token.'}{' '}
          <a href="/forgot-password" onClick={followLink}>
            Ask for a new link
          </a>
        </p>
      ) : (
        <p className="lead">Choose a new password. Every session of your account ends, and this browser signs in.</p>
      )}
      {token && !linkError && (
        <form ref={formRef} onSubmit={submit} aria-label="Choose a new password" data-testid="reset-password-form" className="form" noValidate>
          <FormErrorMessage errors={errors} testId="reset-password-form-error" />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            autoComplete="new-password"
            hint="8 characters or more; a few words are easier to remember."
            error={errors.fields.newPassword}
          />
          <Button type="submit" pending={loading}>
            Set the new password
          </Button>
        </form>
      )}
    </div>
  );
}
