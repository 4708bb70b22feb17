import { describe, expect, it } from 'vitest';
import { navRoutes, resolveRoute } from '../src/app/routes';
import type { SessionState } from '../src/auth/session';

const signedOut: SessionState = { status: 'signed-out' };
const signedIn = (...roles: string[]): SessionState => ({
  status: 'signed-in',
  user: { id: 'u1', email: 'ada@example.com', roles: ['USER', ...roles] },
  cookieMode: false,
});

const pathFor = (path: string, state: SessionState) => resolveRoute(path, state).path;
const navOf = (state: SessionState) => navRoutes(state).map((route) => route.title);

describe('routes', () => {
  it('signed out: the login page, whatever signed-in page was asked for', () => {
    expect(['/', '/users', '/nowhere', '/login'].map((path) => pathFor(path, signedOut))).toEqual(['/login', '/login', '/login', '/login']);
    expect(pathFor('/register', signedOut)).toBe('/register');
    expect(navOf(signedOut)).toEqual(['Log in', 'Create account']);
  });

  it('signed in: the signed-out pages make way for the profile', () => {
    expect(['/login', '/register', '/nowhere'].map((path) => pathFor(path, signedIn()))).toEqual(['/', '/', '/']);
  });

  it('the sessions and security pages are for a signed-in user', () => {
    expect(['/sessions', '/security'].map((path) => pathFor(path, signedIn()))).toEqual(['/sessions', '/security']);
    expect(['/sessions', '/security'].map((path) => pathFor(path, signedOut))).toEqual(['/login', '/login']);
  });

  it('the users page and its nav entry are for ADMIN only', () => {
    expect(pathFor('/users', signedIn())).toBe('/');
    expect(navOf(signedIn())).toEqual(['Profile', 'Sessions', 'Security']);
    expect(pathFor('/users', signedIn('ADMIN'))).toBe('/users');
    expect(navOf(signedIn('ADMIN'))).toEqual(['Profile', 'Sessions', 'Security', 'Users']);
  });
});
