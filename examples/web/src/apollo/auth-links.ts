import { ApolloLink } from '@apollo/client/link';
import { ErrorLink } from '@apollo/client/link/error';
import { from, switchMap, tap } from 'rxjs';
import type { Session } from '../auth/session';
import { sessionEndedMessage } from '../auth/reason-messages';
import { tokenReasonIn, tokenReasonOf } from '../auth/token-failure';

declare module '@apollo/client' {
  interface DefaultContext {
    /** The access token this attempt was sent with, to tell a stale refusal from a fresh one. */
    sentAccessToken?: string;
    /** Set on the one retry after a refresh, so an operation never loops. */
    retriedAfterRefresh?: boolean;
  }
}

/** Adds `Authorization: Bearer <token>` from memory, and the cookie in cookie mode. */
export function createAuthLink(session: Session): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const token = session.token;
    operation.setContext(({ headers }) => ({
      sentAccessToken: token,
      headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(session.cookieMode ? { credentials: 'include' as const } : {}),
    }));
    return forward(operation);
  });
}

/**
 * TOKEN_EXPIRED: refresh once (shared by every operation failing at the same time), then retry the
 * operation once. Any other refused token, or a refused refresh, ends the session.
 */
export function createRefreshLink(session: Session): ApolloLink {
  return new ErrorLink(({ error, operation, forward }) => {
    const reason = tokenReasonOf(error);
    const { sentAccessToken, retriedAfterRefresh } = operation.getContext();
    if (!reason || sentAccessToken === undefined) return;
    if (reason !== 'TOKEN_EXPIRED' || retriedAfterRefresh) {
      endIfStillCurrent(session, sentAccessToken, reason);
      return;
    }
    operation.setContext({ retriedAfterRefresh: true });
    return from(session.refreshAfter(sentAccessToken)).pipe(
      switchMap(() => forward(operation)),
      // ErrorLink does not see the retry's errors: a fresh token refused at once also ends the session.
      tap({
        next: (result) => endIfRefused(session, tokenReasonIn(result.errors), operation.getContext().sentAccessToken),
        error: (failure) => endIfRefused(session, tokenReasonOf(failure), operation.getContext().sentAccessToken),
      }),
    );
  });
}

/** Only the token still in use can end the session: a late answer about an older one must not. */
function endIfStillCurrent(session: Session, refusedToken: string | undefined, reason: string): void {
  if (refusedToken !== undefined && session.token === refusedToken) session.end(sessionEndedMessage(reason));
}

function endIfRefused(session: Session, reason: string | undefined, refusedToken: string | undefined): void {
  if (reason) endIfStillCurrent(session, refusedToken, reason);
}
