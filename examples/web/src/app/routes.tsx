import type { ReactNode } from 'react';
import type { SessionState } from '../auth/session';
import { ConfirmEmailChangePage } from '../pages/ConfirmEmailChangePage';
import { ForgotPasswordPage } from '../pages/ForgotPasswordPage';
import { LoginPage } from '../pages/LoginPage';
import { ProfilePage } from '../pages/ProfilePage';
import { RegisterPage } from '../pages/RegisterPage';
import { ResetPasswordPage } from '../pages/ResetPasswordPage';
import { SecurityPage } from '../pages/SecurityPage';
import { SessionsPage } from '../pages/SessionsPage';
import { UsersPage } from '../pages/UsersPage';
import { VerifyEmailPage } from '../pages/VerifyEmailPage';

/**
 * Who may see a page: the signed-out pages make way for the profile once signed in, and the reverse.
 * `anyone`: both (a link from an email, such as verify-email, may be opened signed in or not).
 */
export type Access = 'signed-out' | 'signed-in' | 'admin' | 'anyone';

export interface Route {
  path: string;
  /** The page's <h1>, document title and nav label. */
  title: string;
  access: Access;
  /** false: reachable by its path only (the target of a link in an email), not listed in the nav. */
  nav?: boolean;
  render: () => ReactNode;
}

/**
 * Every page, in nav order. A new page is one line here and one file under src/pages/ (see README).
 * The first route of each access level is where the app lands when the current path is not allowed.
 */
export const ROUTES: readonly Route[] = [
  { path: '/login', title: 'Log in', access: 'signed-out', render: () => <LoginPage /> },
  { path: '/register', title: 'Create account', access: 'signed-out', render: () => <RegisterPage /> },
  { path: '/', title: 'Profile', access: 'signed-in', render: () => <ProfilePage /> },
  { path: '/sessions', title: 'Sessions', access: 'signed-in', render: () => <SessionsPage /> },
  { path: '/security', title: 'Security', access: 'signed-in', render: () => <SecurityPage /> },
  { path: '/users', title: 'Users', access: 'admin', render: () => <UsersPage /> },
  // Reached from the login page's link, and from mailed links: not in the nav.
  { path: '/forgot-password', title: 'Forgot password', access: 'signed-out', nav: false, render: () => <ForgotPasswordPage /> },
  { path: '/reset-password', title: 'Choose a new password', access: 'anyone', nav: false, render: () => <ResetPasswordPage /> },
  { path: '/verify-email', title: 'Verify your email', access: 'anyone', nav: false, render: () => <VerifyEmailPage /> },
  { path: '/confirm-email-change', title: 'Confirm your new email', access: 'anyone', nav: false, render: () => <ConfirmEmailChangePage /> },
];

export function mayVisit(route: Route, state: SessionState): boolean {
  if (route.access === 'anyone') return true;
  if (state.status === 'signed-out') return route.access === 'signed-out';
  // The server decides roles anyway (FORBIDDEN); hiding the page only keeps the nav honest.
  return route.access === 'signed-in' || (route.access === 'admin' && state.user.roles.includes('ADMIN'));
}

/** The pages the nav lists for this state. */
export const navRoutes = (state: SessionState): Route[] => ROUTES.filter((route) => route.nav !== false && mayVisit(route, state));

/** The page for `path`, or the landing page of the current state when the path is unknown or not allowed. */
export function resolveRoute(path: string, state: SessionState): Route {
  const wanted = ROUTES.find((route) => route.path === path);
  if (wanted && mayVisit(wanted, state)) return wanted;
  return navRoutes(state)[0]!;
}
