import { describe, expect, it } from 'vitest';
import { outcomeOf } from '../src/auth/session-events';
import { sessionIdOf } from '../src/auth/token-claims';
import type { SessionEventFieldsFragment } from '../src/gql/graphql';

const MINE = 'sid-this-tab';
const event = (type: SessionEventFieldsFragment['type'], sessionId: string | null, device: string | null = 'Firefox 128 on Linux') => ({
  type,
  sessionId,
  device,
  at: '2026-11-30T12:00:00.000Z',
});

describe('what a pushed session event does to this tab', () => {
  it.each([
    ['LOGGED_OUT_EVERYWHERE from another session', event('LOGGED_OUT_EVERYWHERE', 'sid-other'), /every device/],
    ['LOGGED_OUT_EVERYWHERE without an acting session (refresh reuse)', event('LOGGED_OUT_EVERYWHERE', null), /every device/],
    ['SESSION_REVOKED of this session', event('SESSION_REVOKED', MINE), /this session was ended/],
    ['PASSWORD_CHANGED by another session', event('PASSWORD_CHANGED', 'sid-other'), /password .* was changed/],
  ])('%s: signs out with a reason', (_name, pushed, message) => {
    expect(outcomeOf(pushed, MINE)).toEqual({ kind: 'end', message: expect.stringMatching(message) });
  });

  it('LOGGED_OUT_EVERYWHERE that this tab asked for signs out without a message', () => {
    expect(outcomeOf(event('LOGGED_OUT_EVERYWHERE', MINE), MINE)).toEqual({ kind: 'end' });
  });

  it.each([
    ['SESSION_REVOKED of another session', event('SESSION_REVOKED', 'sid-other'), /other sessions was signed out \(from Firefox/],
    ['MFA_ENABLED elsewhere', event('MFA_ENABLED', 'sid-other'), /turned on/],
    ['EMAIL_CHANGED elsewhere', event('EMAIL_CHANGED', 'sid-other', null), /email address .* changed\.$/],
  ])('%s: a notice, the session goes on', (_name, pushed, message) => {
    expect(outcomeOf(pushed, MINE)).toEqual({ kind: 'notice', message: expect.stringMatching(message) });
  });

  it('ROLES_CHANGED: a notice, and the tab renews its session to hold the new roles', () => {
    expect(outcomeOf(event('ROLES_CHANGED', null, null), MINE)).toEqual({
      kind: 'notice',
      message: expect.stringMatching(/changed your roles/),
      renewSession: true,
    });
  });

  it.each(['PASSWORD_CHANGED', 'MFA_ENABLED', 'MFA_DISABLED', 'EMAIL_CHANGED'] as const)('%s by this session: nothing to show', (type) => {
    expect(outcomeOf(event(type, MINE), MINE)).toEqual({ kind: 'none' });
  });

  it('without its own session id the tab signs out only on what ends every session (the 4401 close covers the rest)', () => {
    expect(outcomeOf(event('PASSWORD_CHANGED', 'sid-other'), undefined)).toEqual({ kind: 'none' });
    expect(outcomeOf(event('SESSION_REVOKED', 'sid-other'), undefined).kind).toBe('notice');
    expect(outcomeOf(event('LOGGED_OUT_EVERYWHERE', 'sid-other'), undefined).kind).toBe('end');
  });
});

describe('sessionIdOf', () => {
  const jwt = (payload: object) => `e30.${btoa(JSON.stringify(payload)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

  it('reads the sid claim of an access token (base64url, unpadded)', () => {
    expect(sessionIdOf(jwt({ sub: 'u1', sid: 'a1b2-c3?>~' }))).toBe('a1b2-c3?>~');
  });

  it.each([['not a token', 'access-1'], ['no sid', jwt({ sub: 'u1' })], ['garbage payload', 'a.%%%.b']])('%s: undefined', (_name, token) => {
    expect(sessionIdOf(token)).toBeUndefined();
  });
});
