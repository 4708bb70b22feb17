import { useQuery } from '@apollo/client/react';
import { useSession } from '../auth/session-context';
import { MeDocument } from '../graphql/operations';

/**
 * Who is signed in, on every page. The name comes from `me` (the token payload has no name), so each page
 * has at least two queries on screen: "Reload everything" then shows one refresh serving several operations.
 */
export function AccountBadge() {
  const { state } = useSession();
  const { data } = useQuery(MeDocument);
  if (state.status !== 'signed-in') return null;
  const roles = data?.me.roles ?? state.user.roles;
  return (
    <p className="account__who" data-testid="signed-in-as">
      <span className="visually-hidden">Signed in as </span>
      <span className="account__name">{data?.me.name ?? state.user.email}</span>
      {roles.includes('ADMIN') && <span className="badge">Admin</span>}
    </p>
  );
}
