import type { SessionEventFieldsFragment } from '../gql/graphql';
import { sessionEndedMessage, sessionEventNotice } from './reason-messages';

/** What the tab does with an event pushed on `sessionEvents`. */
export type SessionEventOutcome =
  /** This tab's session is over: sign out, saying why (no message when this tab asked for it). */
  | { kind: 'end'; message?: string }
  /**
   * Something changed elsewhere: a short notice, and the queries on screen are fetched again. `renewSession`: the
   * tab's own user changed (its roles), so it refreshes its tokens to hold the user as it is now (nav, routes).
   */
  | { kind: 'notice'; message: string; renewSession?: true }
  /** Nothing to show: this tab did it, and its own answer already updated the page. */
  | { kind: 'none' };

/**
 * `mySessionId` is this tab's session (the token's `sid`); undefined when unknown, and then only the events
 * that end every session sign out here (the server's 4401 close covers the rest).
 */
export function outcomeOf(event: SessionEventFieldsFragment, mySessionId: string | undefined): SessionEventOutcome {
  const mine = mySessionId !== undefined && event.sessionId === mySessionId;
  const elsewhere = mySessionId !== undefined && event.sessionId != null && event.sessionId !== mySessionId;
  switch (event.type) {
    case 'LOGGED_OUT_EVERYWHERE':
      return mine ? { kind: 'end' } : { kind: 'end', message: sessionEndedMessage('LOGGED_OUT_EVERYWHERE') };
    case 'SESSION_REVOKED':
      if (mine) return { kind: 'end', message: sessionEndedMessage('SESSION_REVOKED') };
      return { kind: 'notice', message: sessionEventNotice(event.type, event.device) };
    case 'PASSWORD_CHANGED':
      // Every session but the acting one ended.
      if (elsewhere) return { kind: 'end', message: sessionEndedMessage('PASSWORD_CHANGED') };
      return { kind: 'none' };
    case 'ROLES_CHANGED':
      return { kind: 'notice', message: sessionEventNotice(event.type, event.device), renewSession: true };
    default:
      return mine ? { kind: 'none' } : { kind: 'notice', message: sessionEventNotice(event.type, event.device) };
  }
}
