import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { takeLinkToken } from '../app/link-token';
import { EmailRequestForm } from '../components/EmailRequestForm';
import { LinkStatus, useLinkOutcome } from '../components/LinkOutcome';
import { MeDocument, SendVerificationEmailDocument, VerifyEmailDocument } from '../graphql/operations';

/** /verify-email?token=…: the link of the verification mail; no sign-in needed (the link is the proof). */
export function VerifyEmailPage() {
  const [token] = useState(takeLinkToken);
  // A signed-in tab shows the new state in its header and profile.
  const [verify] = useMutation(VerifyEmailDocument, { refetchQueries: [MeDocument] });
  const [resend] = useMutation(SendVerificationEmailDocument);
  const state = useLinkOutcome(token, async (value) => (await verify({ variables: { token: value } })).data?.verifyEmail.email);
  return (
    <div className="grid">
      <section className="card" aria-labelledby="verify-title" data-testid="verify-email">
        <h2 id="verify-title">Your email address</h2>
        <LinkStatus state={state} done={(email) => `${email} is verified. Thank you!`} />
      </section>
      {(state.status === 'failed' || state.status === 'missing') && (
        <section className="card" aria-labelledby="resend-title">
          <h2 id="resend-title">Send a new link</h2>
          <EmailRequestForm
            testId="resend-verification-form"
            submitLabel="Send a new link"
            sentMessage="If that address has an account that is not verified yet, a new link is on its way."
            send={(email) => resend({ variables: { email } })}
          />
        </section>
      )}
    </div>
  );
}
