import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { formErrorsOf } from '../graphql/field-errors';
import { MySessionsDocument, RevokeOtherSessionsDocument, RevokeSessionDocument } from '../graphql/operations';
import type { MySessionsQuery } from '../gql/graphql';
import { Button } from './Button';

type SessionRow = MySessionsQuery['mySessions'][number];

const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** This device first, then the others newest first (the server's order). */
const currentFirst = (rows: readonly SessionRow[]): SessionRow[] => [...rows].sort((a, b) => Number(b.current) - Number(a.current));

/**
 * Where the user is signed in (newest first, `current` = this tab), with "revoke" per other session and
 * "sign out everywhere else". The current session has no revoke button: that is "Log out".
 */
export function SessionList() {
  const { data, loading, error } = useQuery(MySessionsDocument, { fetchPolicy: 'cache-and-network' });
  const refetch = { refetchQueries: [MySessionsDocument], awaitRefetchQueries: true };
  const [revoke] = useMutation(RevokeSessionDocument, refetch);
  const [revokeOthers, { loading: revokingOthers }] = useMutation(RevokeOtherSessionsDocument, refetch);
  const [pendingId, setPendingId] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<{ error?: string; done?: string }>({});

  async function revokeOne(row: SessionRow) {
    setPendingId(row.id);
    try {
      const { data: answer } = await revoke({ variables: { id: row.id } });
      setOutcome({ done: answer?.revokeSession ? `Signed out ${row.device}.` : 'That session had already ended.' });
    } catch (failure) {
      setOutcome({ error: formErrorsOf(failure).form ?? 'Could not revoke the session.' });
    } finally {
      setPendingId(undefined);
    }
  }

  async function revokeAllOthers() {
    try {
      const { data: answer } = await revokeOthers();
      const count = answer?.revokeOtherSessions ?? 0;
      setOutcome({ done: count === 1 ? '1 other session signed out.' : `${count} other sessions signed out.` });
    } catch (failure) {
      setOutcome({ error: formErrorsOf(failure).form ?? 'Could not sign out the other sessions.' });
    }
  }

  const others = data?.mySessions.filter((row) => !row.current).length ?? 0;
  return (
    <section aria-labelledby="sessions-title" data-testid="sessions" className="card">
      <h2 id="sessions-title">Where you are signed in</h2>
      {loading && !data && <p role="status">Loading…</p>}
      {error && (
        <p role="alert" className="notice notice--error">
          Could not list the sessions: {error.message}
        </p>
      )}
      {outcome.error && (
        <p role="alert" className="notice notice--error" data-testid="sessions-error">
          {outcome.error}
        </p>
      )}
      {outcome.done && (
        <p role="status" className="notice notice--success" data-testid="sessions-status">
          {outcome.done}
        </p>
      )}
      {data && (
        <div className="table-scroll" role="region" aria-labelledby="sessions-title" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">IP address</th>
                <th scope="col">Last active</th>
                <th scope="col">Signed in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {currentFirst(data.mySessions).map((row) => (
                <tr key={row.id} data-testid="session-row" data-current={row.current}>
                  <td className="cell--wrap">
                    {row.device} {row.current && <span className="badge">This device</span>}
                    <span className="cell__detail" data-testid="session-details">
                      {[row.mfa ? 'Two-factor' : 'Password only', row.remembered ? 'Remembered' : 'Until the browser closes'].join(' · ')}
                    </span>
                  </td>
                  <td>{row.ip ?? '—'}</td>
                  <td>{when(row.lastActiveAt)}</td>
                  <td>{when(row.createdAt)}</td>
                  <td>
                    {!row.current && (
                      <Button variant="danger" pending={pendingId === row.id} onClick={() => void revokeOne(row)} data-testid="revoke-session">
                        Revoke<span className="visually-hidden"> {row.device}, last active {when(row.lastActiveAt)}</span>
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <div className="card__actions">
          <Button variant="danger" pending={revokingOthers} disabled={others === 0} onClick={() => void revokeAllOthers()} data-testid="revoke-others">
            Sign out all other sessions
          </Button>
        </div>
      )}
    </section>
  );
}
