import { useMutation } from '@apollo/client/react';
import { followLink } from '../app/router';
import { EmailRequestForm } from '../components/EmailRequestForm';
import { RequestPasswordResetDocument } from '../graphql/operations';

export function ForgotPasswordPage() {
  const [request] = useMutation(RequestPasswordResetDocument);
  return (
    <div className="card card--narrow">
      <p className="lead">Enter the address of your account: we mail you a link to choose a new password.</p>
      <EmailRequestForm
        testId="forgot-password-form"
        submitLabel="Mail me a link"
        sentMessage="If that address has an account, a link is on its way. It works once, for 30 minutes."
        send={(email) => request({ variables: { email } })}
      />
      <p className="card__footer">
        Remembered it?{' '}
        <a href="/login" onClick={followLink}>
          Log in
        </a>
      </p>
    </div>
  );
}
