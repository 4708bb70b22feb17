import { useApolloClient } from '@apollo/client/react';
import { useSession } from '../auth/session-context';
import { AdminUsers } from './AdminUsers';
import { LoginForm, RegisterForm } from './AuthForms';
import { Profile } from './Profile';
import { SessionActions } from './SessionActions';

export function App() {
  const { state } = useSession();
  const client = useApolloClient();
  if (state.status === 'signed-out') {
    return (
      <main>
        <h1>tokengate</h1>
        {state.endedBecause && <p role="status" data-testid="session-ended">{state.endedBecause}</p>}
        <RegisterForm />
        <LoginForm />
      </main>
    );
  }
  return (
    <main>
      <h1>tokengate</h1>
      <p data-testid="signed-in-as">
        Signed in as {state.user.email} ({state.cookieMode ? 'refresh token in an HttpOnly cookie' : 'refresh token in sessionStorage'})
      </p>
      <SessionActions />
      {/* Every query on screen at once: after expiry they fail together and share one refresh. */}
      <button type="button" onClick={() => void client.refetchQueries({ include: 'active' }).catch(() => undefined)} data-testid="reload-all">
        Reload everything
      </button>
      <Profile />
      {state.user.roles.includes('ADMIN') && <AdminUsers />}
    </main>
  );
}
