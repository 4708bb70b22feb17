import { useEffect, useRef } from 'react';
import { navigate, usePath } from '../app/router';
import { resolveRoute } from '../app/routes';
import { useSession } from '../auth/session-context';
import { Layout } from './Layout';

/** Picks the page for the path and the session state; a path that is not allowed (yet) is replaced. */
export function App() {
  const { state } = useSession();
  const path = usePath();
  const route = resolveRoute(path, state);

  useEffect(() => {
    if (route.path !== path) navigate(route.path, { replace: true });
  }, [route.path, path]);

  useEffect(() => {
    document.title = `${route.title} · tokengate`;
  }, [route.title]);

  // After a page change (a nav link, signing in or out) focus goes to the new page's heading, so a screen
  // reader announces where the user is and the keyboard continues from there; not on the first load.
  const shownBefore = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (shownBefore.current !== undefined && shownBefore.current !== route.path) document.getElementById('page-title')?.focus();
    shownBefore.current = route.path;
  }, [route.path]);

  return <Layout route={route}>{route.render()}</Layout>;
}
