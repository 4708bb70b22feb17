import { NetworkStatus } from '@apollo/client';
import { useQuery } from '@apollo/client/react';
import { MeDocument } from '../graphql/operations';
import { Button } from './Button';

/** The signed-in user from `me`; "Reload" goes to the network, which is where a silent refresh shows. */
export function Profile() {
  const { data, loading, error, refetch, networkStatus } = useQuery(MeDocument, { notifyOnNetworkStatusChange: true });
  return (
    <section aria-labelledby="profile-title" data-testid="profile" className="card">
      <h2 id="profile-title">Your account</h2>
      {loading && !data && <p role="status">Loading…</p>}
      {error && (
        <p role="alert" className="notice notice--error">
          Could not load the profile: {error.message}
        </p>
      )}
      {data && (
        <dl className="details">
          <dt>Email</dt>
          <dd data-testid="profile-email">{data.me.email}</dd>
          <dt>Name</dt>
          <dd>{data.me.name ?? '—'}</dd>
          <dt>Email verified</dt>
          <dd data-testid="profile-email-verified">{data.me.emailVerified ? 'Yes' : 'Not yet: open the link we mailed you'}</dd>
          <dt>Two-factor</dt>
          <dd>{data.me.mfaEnabled ? 'On' : 'Off'}</dd>
          <dt>Roles</dt>
          <dd data-testid="profile-roles">{data.me.roles.join(', ')}</dd>
          <dt>Member since</dt>
          <dd>{new Date(data.me.createdAt).toLocaleString()}</dd>
        </dl>
      )}
      <Button
        variant="secondary"
        pending={networkStatus === NetworkStatus.refetch}
        onClick={() => void refetch().catch(() => undefined)}
        data-testid="reload-profile"
      >
        Reload profile
      </Button>
    </section>
  );
}
