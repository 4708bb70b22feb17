import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useSession } from '../auth/session-context';
import { LogoutAllDocument, LogoutDocument } from '../graphql/operations';

/**
 * Logout revokes this access token and this refresh token (in cookie mode the server reads and clears the
 * cookie); "everywhere" revokes every token of the user. The tab forgets its tokens whatever the answer.
 */
export function SessionActions() {
  const { session } = useSession();
  const [logout] = useMutation(LogoutDocument);
  const [logoutAll] = useMutation(LogoutAllDocument);
  const [busy, setBusy] = useState(false);

  async function signOut(everywhere: boolean) {
    setBusy(true);
    try {
      if (everywhere) await logoutAll();
      else await logout({ variables: { refreshToken: session.refreshTokenForLogout } });
    } catch {
      // Already revoked or unreachable: signing out locally is still right.
    } finally {
      setBusy(false);
      session.end();
    }
  }

  return (
    <p>
      <button type="button" disabled={busy} onClick={() => void signOut(false)} data-testid="logout">
        Log out
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => void signOut(true)} data-testid="logout-all">
        Log out everywhere
      </button>
    </p>
  );
}
