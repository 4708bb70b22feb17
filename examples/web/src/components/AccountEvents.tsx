import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { outcomeOf } from '../auth/session-events';
import { useSession } from '../auth/session-context';
import { SessionEventsDocument } from '../graphql/operations';

/**
 * Listens to `sessionEvents` while signed in (the subscription opens the WebSocket; ending it, on sign-out,
 * closes it). An event that ends this tab's session signs it out with the reason, at once and without any user
 * action; a change made elsewhere shows a one-line notice and fetches the queries on screen again.
 */
export function AccountEvents() {
  const { session, state } = useSession();
  const client = useApolloClient();
  const [notice, setNotice] = useState<string | undefined>();
  const userId = state.status === 'signed-in' ? state.user.id : undefined;

  useEffect(() => {
    if (userId === undefined) return;
    const subscription = client.subscribe({ query: SessionEventsDocument }).subscribe({
      next: ({ data }) => {
        if (!data || session.current.status !== 'signed-in' || session.signingOut) return;
        const outcome = outcomeOf(data.sessionEvents, session.id);
        if (outcome.kind === 'end') session.end(outcome.message);
        if (outcome.kind !== 'notice') return;
        setNotice(outcome.message);
        void client.refetchQueries({ include: 'active' }).catch(() => undefined);
        // The refresh answers with the user as stored now: the nav and the allowed routes follow the new roles.
        if (outcome.renewSession) void session.refreshAfter(session.token).catch(() => undefined);
      },
      // The socket ended for good (4401 is handled by SocketAuth; 4429, or retries used up): no live updates,
      // the app goes on over HTTP.
      error: () => undefined,
    });
    return () => {
      subscription.unsubscribe();
      setNotice(undefined);
    };
  }, [client, session, userId]);

  if (!notice) return null;
  return (
    <p role="status" className="notice notice--info" data-testid="account-event">
      {notice}
    </p>
  );
}
