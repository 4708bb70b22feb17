import { SessionList } from '../components/SessionList';

export function SessionsPage() {
  return (
    <>
      <p className="lead">
        Every sign-in is a session. Revoke one you do not recognise: its tokens stop working at once, and that device
        is signed out on its next request.
      </p>
      <SessionList />
    </>
  );
}
