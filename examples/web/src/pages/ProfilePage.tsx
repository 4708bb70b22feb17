import { useSession } from '../auth/session-context';
import { ChangeEmail } from '../components/ChangeEmail';
import { Profile } from '../components/Profile';

export function ProfilePage() {
  const { state } = useSession();
  return (
    <div className="grid">
      <Profile />
      {state.status === 'signed-in' && (
        <section className="card" aria-labelledby="this-session-title">
          <h2 id="this-session-title">This session</h2>
          <p>
            The access token stays in this tab's memory. The refresh token is{' '}
            {state.cookieMode ? 'in an HttpOnly cookie that scripts cannot read' : "in this tab's sessionStorage"}.
          </p>
        </section>
      )}
      <ChangeEmail />
    </div>
  );
}
