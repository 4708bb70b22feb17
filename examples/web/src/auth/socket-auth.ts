import { sessionEndedMessage } from './reason-messages';
import type { Session } from './session';

/** The close codes of tokengate's WebSocket that concern the token (docs/CLIENTS.md › Close codes). */
export const CLOSE_SESSION_ENDED = 4401;
export const CLOSE_TOKEN_EXPIRED_OR_REPLACED = 4403;

/**
 * The WebSocket side of the session. The token travels once, in `connection_init`, and graphql-ws calls
 * `connectionParams` on every connect and reconnect: so it is a function that reads the token of the moment,
 * refreshing first when that token is expired, through the session's single-flight refresh (an HTTP operation
 * failing at the same time joins the same one). `closed` reads the close codes: 4403 (expired, or replaced)
 * marks the token the socket used as stale; 4401 ends the session, unless the tab has moved on from that token.
 */
export class SocketAuth {
  /** The token of the last connection_init. */
  private sentToken: string | undefined;
  /** A token the server closed a socket for as expired, although this tab's clock may not say so yet. */
  private refusedToken: string | undefined;
  /** The code of the last close, for retryWait. */
  private lastCloseCode: number | undefined;

  constructor(private readonly session: Session) {}

  connectionParams = async (): Promise<{ authorization?: string }> => {
    const token = this.session.token;
    if (token !== undefined && (this.session.expired() || token === this.refusedToken)) await this.session.refreshAfter(token);
    this.sentToken = this.session.token;
    // Signed out: an anonymous connection (the app opens none; kept for public subscriptions).
    return this.sentToken ? { authorization: `Bearer ${this.sentToken}` } : {};
  };

  /**
   * graphql-ws' wait before reconnecting. After a 4403 nothing is wrong with the server (the token ran out, and
   * connectionParams refreshes it first): reconnect at once, so no event is missed in a back-off gap at every
   * expiry. Anything else, or a 4403 again right after: graphql-ws' own randomised exponential back-off.
   */
  retryWait = async (retries: number): Promise<void> => {
    if (this.lastCloseCode === CLOSE_TOKEN_EXPIRED_OR_REPLACED && retries === 0) return;
    const ms = 1_000 * 2 ** retries + 300 + Math.random() * 2_700;
    await new Promise((resolve) => setTimeout(resolve, ms));
  };

  closed = (event: unknown): void => {
    const code = (event as { code?: unknown } | undefined)?.code;
    this.lastCloseCode = typeof code === 'number' ? code : undefined;
    if (code === CLOSE_TOKEN_EXPIRED_OR_REPLACED) this.refusedToken = this.sentToken;
    if (code !== CLOSE_SESSION_ENDED || this.session.signingOut) return;
    // Only the token still in use can end the session: a late close of a socket opened with an older one must not.
    if (this.sentToken !== undefined && this.sentToken === this.session.token) this.session.end(sessionEndedMessage('TOKEN_REVOKED'));
  };
}
