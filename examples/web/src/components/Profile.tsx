import { useQuery } from '@apollo/client/react';
import { MeDocument } from '../graphql/operations';

/** The signed-in user from `me`; "Reload" goes to the network, which is where a silent refresh shows. */
export function Profile() {
  const { data, loading, error, refetch } = useQuery(MeDocument, { notifyOnNetworkStatusChange: true });
  return (
    <section aria-label="Profile" data-testid="profile">
      <h2>Profile</h2>
      {loading && <p>Loading…</p>}
      {error && <p role="alert">Could not load the profile: {error.message}</p>}
      {data && (
        <dl>
          <dt>Email</dt>
          <dd data-testid="profile-email">{data.me.email}</dd>
          <dt>Name</dt>
          <dd>{data.me.name ?? '—'}</dd>
          <dt>Roles</dt>
          <dd data-testid="profile-roles">{data.me.roles.join(', ')}</dd>
          <dt>Member since</dt>
          <dd>{new Date(data.me.createdAt).toLocaleString()}</dd>
        </dl>
      )}
      <button type="button" onClick={() => void refetch().catch(() => undefined)} data-testid="reload-profile">
        Reload profile
      </button>
    </section>
  );
}
