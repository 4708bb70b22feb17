import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useSession } from '../auth/session-context';
import { LogoutAllDocument, LogoutDocument } from '../graphql/operations';
import { Button } from './Button';

/**
 * Logout revokes this access token and this refresh token (in cookie mode the server reads and clears the
 * cookie); "everywhere" revokes every token of the user. The tab forgets its tokens whatever the answer.
 */
export function SessionActions() {
  const { session } = useSession();
  const [logout] = useMutation(LogoutDocument);
  const [logoutAll] = useMutation(LogoutAllDocument);
  const [pending, setPending] = useState<'this' | 'everywhere' | undefined>();

  async function signOut(everywhere: boolean) {
    setPending(everywhere ? 'everywhere' : 'this');
    // The server pushes this logout to every tab, this one too: session.signOut keeps it from reading as
    // "ended elsewhere", and forgets the tokens whatever the answer.
    await session.signOut(() => (everywhere ? logoutAll() : logout({ variables: { refreshToken: session.refreshTokenForLogout } })));
    setPending(undefined);
  }

  return (
    <div className="account__actions">
      <Button variant="secondary" pending={pending === 'this'} disabled={pending !== undefined} onClick={() => void signOut(false)} data-testid="logout">
        Log out
      </Button>
      <Button variant="danger" pending={pending === 'everywhere'} disabled={pending !== undefined} onClick={() => void signOut(true)} data-testid="logout-all">
        Log out everywhere
      </Button>
    </div>
  );
}
