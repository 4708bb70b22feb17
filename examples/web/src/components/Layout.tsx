import type { ReactNode } from 'react';
import { followLink } from '../app/router';
import { navRoutes, type Route } from '../app/routes';
import { useSession } from '../auth/session-context';
import { AccountBadge } from './AccountBadge';
import { AccountEvents } from './AccountEvents';
import { ReloadAll } from './ReloadAll';
import { SessionActions } from './SessionActions';

/** The frame every page shares: skip link, header (brand, nav, account), the page's heading and notices. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const { state } = useSession();
  const signedIn = state.status === 'signed-in';
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <a className="brand" href="/" onClick={followLink}>
            tokengate
          </a>
          <nav aria-label="Main" className="nav">
            <ul>
              {navRoutes(state).map((candidate) => (
                <li key={candidate.path}>
                  <a href={candidate.path} onClick={followLink} aria-current={candidate === route ? 'page' : undefined}>
                    {candidate.title}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          {signedIn && (
            <div className="account">
              <AccountBadge />
              <SessionActions />
            </div>
          )}
        </div>
      </header>
      <main id="main" className={`container page page--${route.access}`} tabIndex={-1}>
        {state.status === 'signed-out' && state.endedBecause && (
          <p role="status" className="notice notice--warning" data-testid="session-ended">
            {state.endedBecause}
          </p>
        )}
        {signedIn && <AccountEvents />}
        <div className="page__heading">
          <h1 id="page-title" tabIndex={-1}>
            {route.title}
          </h1>
          {signedIn && <ReloadAll />}
        </div>
        {children}
      </main>
    </>
  );
}
