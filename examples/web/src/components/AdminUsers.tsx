import { useQuery } from '@apollo/client/react';
import { UsersDocument } from '../graphql/operations';

/** Rendered for ADMIN only; the server enforces the role anyway (FORBIDDEN otherwise). */
export function AdminUsers() {
  const { data, loading, error } = useQuery(UsersDocument, { variables: { limit: 50 } });
  return (
    <section aria-label="Users" data-testid="admin-users">
      <h2>Users</h2>
      {loading && <p>Loading…</p>}
      {error && <p role="alert">Could not list users: {error.message}</p>}
      {data && (
        <table>
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Roles</th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((user) => (
              <tr key={user.id}>
                <td>{user.email}</td>
                <td>{user.name ?? '—'}</td>
                <td>{user.roles.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
