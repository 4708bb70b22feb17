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

/** What a service needs: one line, after the store accepted the change (`events.publish({ userId, type })`). */
export interface SessionEventPublisher {
  publish(event: SessionEventInput): void;
}

/** For services built without real time (CLI, tests): events go nowhere. */
export const noSessionEvents: SessionEventPublisher = { publish: () => undefined };

type Listener = (event: SessionEvent) => void;

/**
 * In-process fan-out of session events, keyed by user: a listener hears its own user's events and no one
 * else's. Synchronous, so an event published before a revocation is announced is queued on every socket
 * before that socket's close is decided (LiveSockets closes only after queued events are sent).
 *
 * Phase 2 (other instances): a publisher that also writes the event to the store, and the cache-sync poll
 * reading it back into `deliver` on every other instance. Nothing else changes.
 */
export class SessionEventBus implements SessionEventPublisher {
  private readonly byUser = new Map<string, Set<Listener>>();
  private readonly everyUser = new Set<Listener>();

  constructor(private readonly clock: Clock) {}

  publish(input: SessionEventInput): void {
    this.deliver({ sessionId: null, device: null, ...input, at: new Date(this.clock.now()) });
  }

  /** Hands an event (made here, or read from another instance in phase 2) to its user's listeners. */
  deliver(event: SessionEvent): void {
    for (const listener of this.everyUser) listener(event);
    for (const listener of this.byUser.get(event.userId) ?? []) listener(event);
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

  /** Hears every user's events: for the socket registry, never for a subscription. */
  subscribeAll(listener: Listener): () => void {
    this.everyUser.add(listener);
    return () => this.everyUser.delete(listener);
  }
}
