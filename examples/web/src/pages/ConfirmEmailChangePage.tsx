import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { takeLinkToken } from '../app/link-token';
import { LinkStatus, useLinkOutcome } from '../components/LinkOutcome';
import { ConfirmEmailChangeDocument, MeDocument } from '../graphql/operations';

/**
 * /confirm-email-change?token=…: the link mailed to the new address. The account moves to it; every session
 * ends but the one that asked (a signed-in tab of that session shows the new address).
 */
export function ConfirmEmailChangePage() {
  const [token] = useState(takeLinkToken);
  const [confirm] = useMutation(ConfirmEmailChangeDocument, { refetchQueries: [MeDocument] });
  const state = useLinkOutcome(token, async (value) => (await confirm({ variables: { token: value } })).data?.confirmEmailChange.email);
  return (
    <section className="card card--narrow" aria-labelledby="change-title" data-testid="confirm-email-change">
      <h2 id="change-title">Your new email address</h2>
      <LinkStatus state={state} done={(email) => `Your account's address is now ${email}. Sign in with it from now on.`} />
    </section>
  );
}
