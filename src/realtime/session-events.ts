import type { Clock } from '../lib/clock';

/** Everything that can happen to an account that its open tabs and devices should hear about at once. */
export const SESSION_EVENT_TYPES = [
  'SESSION_REVOKED',
  'LOGGED_OUT_EVERYWHERE',
  'PASSWORD_CHANGED',
  'ROLES_CHANGED',
  'MFA_ENABLED',
  'MFA_DISABLED',
  'EMAIL_CHANGED',
] as const;
export type SessionEventType = (typeof SESSION_EVENT_TYPES)[number];

/** One event about one user's account, as the `sessionEvents` subscription delivers it to that user only. */
export interface SessionEvent {
  readonly userId: string;
  readonly type: SessionEventType;
  readonly at: Date;
  /** The session concerned: the acting one (PASSWORD_CHANGED, LOGGED_OUT_EVERYWHERE) or the ended one (SESSION_REVOKED). */
  readonly sessionId: string | null;
  /** The acting session's device label, where known (the sessions work fills it). */
  readonly device: string | null;
}

export type SessionEventInput = Pick<SessionEvent, 'userId' | 'type'> & Partial<Pick<SessionEvent, 'sessionId' | 'device'>>;

/**
 * What a service needs: one line where the change happens (`await events.publish({ userId, type })`). This
 * instance's sockets have the event when the call returns; the promise settles once it is written for the
 * other instances (it never rejects: a lost event costs an announcement, never the change).
 */
export interface SessionEventPublisher {
  publish(event: SessionEventInput): Promise<void>;
}

/** For services built without real time (CLI, tests): events go nowhere. */
export const noSessionEvents: SessionEventPublisher = { publish: async () => undefined };

/** Where this instance's session events go for the other instances (the live event feed). */
export interface SessionEventOutbox {
  sessionEventHappened(event: SessionEvent): Promise<void>;
}

type Listener = (event: SessionEvent) => void;

/**
 * In-process fan-out of session events, keyed by user: a listener hears its own user's events and no one
 * else's. Synchronous, so an event published before a revocation is announced is queued on every socket
 * before that socket's close is decided (LiveSockets closes only after queued events are sent).
 *
 * Other instances: the outbox writes each event to the store (collection `events`), and their cache-sync
 * poll reads it back into `deliver` (LiveEventFeed).
 */
export class SessionEventBus implements SessionEventPublisher {
  private readonly byUser = new Map<string, Set<Listener>>();

  constructor(
    private readonly clock: Clock,
    private readonly outbox?: SessionEventOutbox,
  ) {}

  publish(input: SessionEventInput): Promise<void> {
    const event: SessionEvent = { sessionId: null, device: null, ...input, at: new Date(this.clock.now()) };
    this.deliver(event);
    return this.outbox?.sessionEventHappened(event) ?? Promise.resolve();
  }

  /** Hands an event (made here, or read from another instance by LiveEventFeed) to its user's listeners. */
  deliver(event: SessionEvent): void {
    for (const listener of this.byUser.get(event.userId) ?? []) listener(event);
  }

  /** How many listeners (running sessionEvents subscriptions) one user has on this instance. */
  listenerCount(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** Hears one user's events; returns the unsubscribe. */
  subscribe(userId: string, listener: Listener): () => void {
    let listeners = this.byUser.get(userId);
    if (!listeners) this.byUser.set(userId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.byUser.get(userId) === listeners) this.byUser.delete(userId);
    };
  }
}
