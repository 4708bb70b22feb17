import type { WebSocket } from 'ws';
import type { Caller } from '../auth/auth.service';
import type { RequestAuthenticator } from '../auth/request-authenticator';
import { TokenError } from '../auth/tokens/token.errors';
import type { TokenFailureReason } from '../errors/error-codes';
import type { RequestContext } from '../graphql/context.type';
import type { Clock } from '../lib/clock';
import type { RequestInfo } from '../lib/request-context';
import { CLOSE_CODES, type CloseCode } from './close-codes';
import { EventStream, type LiveEvents } from './live-events';
import type { SessionEvent, SessionEventBus } from './session-events';

/** setTimeout's longest delay; a later expiry is reached in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long a close waits for the events announcing it to be sent. */
const DELIVERY_WAIT_MS = 1_000;

export interface LiveConnectionDeps {
  authenticator: RequestAuthenticator;
  events: SessionEventBus;
  clock: Clock;
}

/** The outcome of checking a socket's token again: the caller, or why it no longer passes. */
export type Reauthentication = { caller: Caller | null } | { failure: TokenFailureReason } | { outage: unknown };

/**
 * One open GraphQL WebSocket: who it is (the caller resolved on connection_init, or anonymous), its
 * expiry timer, and the event streams of its subscriptions. Every operation gets a context of its own.
 */
export class LiveConnection implements LiveEvents {
  private authorization: string | undefined;
  private signedIn: Caller | null = null;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly streams = new Set<EventStream<SessionEvent>>();
  private closing = false;

  constructor(
    private readonly socket: WebSocket,
    readonly request: RequestInfo,
    /** The client's address as counted by the per-IP limit (IPv6: its /64). */
    readonly addressKey: string,
    private readonly deps: LiveConnectionDeps,
  ) {}

  get caller(): Caller | null {
    return this.signedIn;
  }

  get isOpen(): boolean {
    return !this.closing && this.socket.readyState === this.socket.OPEN;
  }

  /** An event is queued or being sent on one of its subscriptions. */
  get busy(): boolean {
    for (const stream of this.streams) if (stream.busy) return true;
    return false;
  }

  /** Connection accepted: remembers the token to check again later, and closes with 4403 at its exp. */
  signIn(caller: Caller | null, authorization: string | undefined, onExpiry: () => void): void {
    this.signedIn = caller;
    this.authorization = authorization;
    if (caller) this.armExpiry(caller.token.exp * 1000, onExpiry);
  }

  /**
   * The token checked (through the authenticator and its cache, as HTTP does): the one connection_init
   * presents, then the socket's own again after a revocation and before every subscribe.
   */
  async reauthenticate(authorization = this.authorization): Promise<Reauthentication> {
    try {
      const caller = await this.deps.authenticator.authenticate(authorization);
      if (caller) this.signedIn = caller;
      return { caller };
    } catch (error) {
      if (error instanceof TokenError) return { failure: error.reason };
      return { outage: error };
    }
  }

  /** A fresh context per operation: same rules as HTTP, plus the event streams. */
  contextFor(caller: Caller | null): RequestContext {
    return { caller, request: { ...this.request, actorId: caller?.user.id }, live: this };
  }

  sessionEvents(context: RequestContext): AsyncIterableIterator<SessionEvent> {
    const token = context.caller?.token;
    if (!token) throw new Error('sessionEvents needs a signed-in caller');
    const userId = token.sub;
    const stream: EventStream<SessionEvent> = new EventStream(
      (event) => this.authorizeDelivery(context, event),
      () => {
        unsubscribe();
        this.streams.delete(stream);
      },
    );
    const unsubscribe = this.deps.events.subscribe(userId, (event) => stream.push(event));
    this.streams.add(stream);
    return stream;
  }

  close(code: CloseCode | number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.dispose();
    this.socket.close(code, reason);
  }

  /** Closes once the events already queued for this socket are sent (a tab hears why, then the close). */
  async closeAfterDeliveries(code: CloseCode, reason: string): Promise<void> {
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    while (this.busy && Date.now() < deadline && this.isOpen) await new Promise((resolve) => setTimeout(resolve, 5));
    // The last event's frame is written by then: ws sends frames in order, the close frame after it.
    await new Promise((resolve) => setImmediate(resolve));
    this.close(code, reason);
  }

  /** Stops the timer and the streams; the socket itself is closed by its owner. */
  dispose(): void {
    clearTimeout(this.expiryTimer);
    for (const stream of [...this.streams]) stream.end();
  }

  /**
   * The user as stored now (through the cache), for this event: the auth checker then decides on today's
   * roles. An event about another user never passes; a user gone ends the socket.
   */
  private async authorizeDelivery(context: RequestContext, event: SessionEvent): Promise<boolean> {
    const token = context.caller?.token;
    if (!token || event.userId !== token.sub) return false;
    const user = await this.deps.authenticator.storedUser(token.sub);
    if (!user) {
      this.close(CLOSE_CODES.UNAUTHORIZED, 'Token revoked');
      return false;
    }
    context.caller = { user, token };
    return true;
  }

  private armExpiry(expiresAtMs: number, onExpiry: () => void): void {
    const delay = expiresAtMs - this.deps.clock.now();
    // A timer per socket, not a scan. Past a timer's reach, re-armed in steps (and only then is the clock read again).
    const step = Math.max(0, Math.min(delay, MAX_TIMER_MS));
    this.expiryTimer = setTimeout(() => (delay > MAX_TIMER_MS ? this.armExpiry(expiresAtMs, onExpiry) : onExpiry()), step);
    this.expiryTimer.unref();
  }
}
