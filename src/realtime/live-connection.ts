import type { WebSocket } from 'ws';
import type { Caller } from '../auth/auth.service';
import type { RequestAuthenticator } from '../auth/request-authenticator';
import { TokenError } from '../auth/tokens/token.errors';
import type { TokenFailureReason } from '../errors/error-codes';
import type { RequestContext } from '../graphql/context.type';
import { apiError } from '../errors/api-errors';
import type { Clock } from '../lib/clock';
import type { RequestInfo } from '../lib/request-context';
import type { UserRecord } from '../stores/user.store';
import { CLOSE_CODES, type CloseCode } from './close-codes';
import { EventStream, type LiveEvents, type StillAllowed } from './live-events';
import type { SecurityEvent, SecurityEventBus } from './security-events';
import type { SessionEvent, SessionEventBus } from './session-events';

/** setTimeout's longest delay; a later expiry is reached in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How long a close waits for the events announcing it to be sent. */
const DELIVERY_WAIT_MS = 1_000;

export interface LiveConnectionDeps {
  authenticator: RequestAuthenticator;
  events: SessionEventBus;
  security: SecurityEventBus;
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
  /** The running subscriptions' streams, with what the user must still be to keep theirs (none: signed in is enough). */
  private readonly streams = new Map<Pick<EventStream<unknown>, 'busy' | 'end' | 'fail'>, StillAllowed | undefined>();
  private closing = false;
  /** closeAfterDeliveries waiting for the streams to have sent what they hold. */
  private idleWaiters: Array<() => void> = [];

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
    for (const stream of this.streams.keys()) if (stream.busy) return true;
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

  /** The caller as checked again for another socket opened with the same token (the user as stored now). */
  renew(caller: Caller): void {
    if (this.signedIn?.token.jti === caller.token.jti) this.signedIn = caller;
  }

  /** A fresh context per operation: same rules as HTTP, plus the event streams. */
  contextFor(caller: Caller | null): RequestContext {
    return { caller, request: { ...this.request, actorId: caller?.user.id }, live: this };
  }

  sessionEvents(context: RequestContext): AsyncIterableIterator<SessionEvent> {
    const userId = context.caller?.token.sub;
    if (!userId) throw new Error('sessionEvents needs a signed-in caller');
    // Only the caller's own account: the bus hands this listener no one else's events, and each is checked again.
    return this.stream<SessionEvent>(context, (push) => this.deps.events.subscribe(userId, push), (event) => event.userId === userId);
  }

  securityEvents(context: RequestContext, allowed: StillAllowed): AsyncIterableIterator<SecurityEvent> {
    if (!context.caller) throw new Error('securityEvents needs a signed-in caller');
    return this.stream<SecurityEvent>(context, (push) => this.deps.security.subscribe(push), () => true, allowed);
  }

  /**
   * The user changed (roles…) and still holds a valid token: each subscription the user as stored now may no
   * longer run ends with an error (FORBIDDEN); the others, and the socket, go on.
   */
  recheckSubscriptions(user: Readonly<UserRecord>): void {
    for (const [stream, allowed] of this.streams) {
      if (allowed && !allowed(user)) stream.fail(apiError('FORBIDDEN', 'You no longer have permission to this subscription'));
    }
  }

  close(code: CloseCode | number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    // The close frame first: on a closing socket the streams ended next send no `complete` each (the close says
    // it all), one frame less per subscription, which counts when a logoutAll closes a thousand sockets at once.
    this.socket.close(code, reason);
    this.dispose();
  }

  /** Closes once the events already queued for this socket are sent (a tab hears why, then the close). */
  async closeAfterDeliveries(code: CloseCode, reason: string): Promise<void> {
    if (this.busy && this.isOpen) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, DELIVERY_WAIT_MS);
        this.idleWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    // The last event's frame is written by then: ws sends frames in order, the close frame after it.
    await new Promise((resolve) => setImmediate(resolve));
    this.close(code, reason);
  }

  /** A stream went idle: when none is busy any more, the closes waiting for that go ahead. */
  private streamIdle(): void {
    if (this.idleWaiters.length === 0 || this.busy) return;
    for (const resume of this.idleWaiters.splice(0)) resume();
  }

  /** Stops the timer and the streams; the socket itself is closed by its owner. */
  dispose(): void {
    clearTimeout(this.expiryTimer);
    for (const stream of [...this.streams.keys()]) stream.end();
  }

  private stream<T>(
    context: RequestContext,
    listen: (push: (event: T) => void) => () => void,
    concerns: (event: T) => boolean,
    allowed?: StillAllowed,
  ): AsyncIterableIterator<T> {
    const stream: EventStream<T> = new EventStream(
      (event) => this.authorizeDelivery(context, concerns(event)),
      () => {
        unsubscribe();
        this.streams.delete(stream);
      },
      () => this.streamIdle(),
    );
    const unsubscribe = listen((event) => stream.push(event));
    this.streams.set(stream, allowed);
    return stream;
  }

  /**
   * The user as stored now (through the cache), for this event: the auth checker then decides on today's
   * roles. An event about another user never passes; a user gone ends the socket.
   */
  private async authorizeDelivery(context: RequestContext, concerns: boolean): Promise<boolean> {
    const token = context.caller?.token;
    if (!token || !concerns) return false;
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
