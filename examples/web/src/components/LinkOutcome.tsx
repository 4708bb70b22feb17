import { useEffect, useState } from 'react';
import { oncePerToken } from '../app/link-token';
import { formErrorsOf } from '../graphql/field-errors';

export type LinkOutcomeState = { status: 'missing' } | { status: 'pending' } | { status: 'done'; email: string } | { status: 'failed'; message: string };

/**
 * Sends a mailed link's token once (verifyEmail, confirmEmailChange) and follows the answer: the account's
 * address, or why the link did not work (LINK_EXPIRED, LINK_USED, LINK_INVALID, EMAIL_TAKEN on `token`).
 */
export function useLinkOutcome(token: string | null, send: (token: string) => Promise<string | undefined>): LinkOutcomeState {
  const [state, setState] = useState<LinkOutcomeState>(token ? { status: 'pending' } : { status: 'missing' });
  useEffect(() => {
    if (!token) return;
    let current = true;
    oncePerToken(token, () => send(token)).then(
      (email) => current && setState({ status: 'done', email: email ?? '' }),
      (error: unknown) => {
        const errors = formErrorsOf(error);
        if (current) setState({ status: 'failed', message: errors.fields.token ?? errors.form ?? 'The link did not work.' });
      },
    );
    return () => {
      current = false;
    };
    // `send` is a new function each render; the token alone decides.
  }, [token]);
  return state;
}

/** The status line of a link page. */
export function LinkStatus({ state, done }: { state: LinkOutcomeState; done: (email: string) => string }) {
  if (state.status === 'pending') return <p role="status">Checking the link…</p>;
  if (state.status === 'missing') {
    return (
      <p role="alert" className="notice notice--error" data-testid="link-error">
        This page opens from the link in a mail, and this address has no link token.
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p role="alert" className="notice notice--error" data-testid="link-error">
        {state.message}
      </p>
    );
  }
  return (
    <p role="status" className="notice notice--success" data-testid="link-done">
      {done(state.email)}
    </p>
  );
}
