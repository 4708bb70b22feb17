import { useQuery } from '@apollo/client/react';
import { UsersDocument } from '../graphql/operations';

/** Rendered for ADMIN only; the server enforces the role anyway (FORBIDDEN otherwise). */
export function AdminUsers() {
  const { data, loading, error } = useQuery(UsersDocument, { variables: { limit: 50 } });
  return (
    <section aria-labelledby="users-title" data-testid="admin-users" className="card">
      <h2 id="users-title">Registered users</h2>
      {loading && !data && <p role="status">Loading…</p>}
      {error && (
        <p role="alert" className="notice notice--error">
          Could not list users: {error.message}
        </p>
      )}
      {data && (
        // Scrolls sideways on its own on a narrow screen, instead of the whole page.
        <div className="table-scroll" role="region" aria-labelledby="users-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Roles</th>
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
        </div>
      )}
    </section>
  );
}
