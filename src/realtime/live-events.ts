import type { RequestContext } from '../graphql/context.type';
import type { UserRecord } from '../stores/user.store';
import type { SecurityEvent } from './security-events';
import type { SessionEvent } from './session-events';

/** Whether the user as stored now may go on with a subscription (re-checked when the user changes). */
export type StillAllowed = (user: Readonly<UserRecord>) => boolean;

/** What a subscription resolver reads its events from; only a WebSocket's context has one. */
export interface LiveEvents {
  /** The caller's own account events; each is authorized against the user as stored when it is delivered. */
  sessionEvents(context: RequestContext): AsyncIterableIterator<SessionEvent>;
  /** Every audit line as it is written; the stream ends with an error once the user is no longer allowed. */
  securityEvents(context: RequestContext, allowed: StillAllowed): AsyncIterableIterator<SecurityEvent>;
}

/**
 * Decides, just before an event goes out, whether it may: refreshes `context.caller` to the user as stored
 * now (so the auth checker, which runs next, sees today's roles) and answers false to drop the event.
 */
export type DeliveryCheck<T> = (event: T) => Promise<boolean>;

/**
 * A push queue read as an async iterator by graphql's subscribe. It knows when it is busy: an event queued,
 * or handed out and not yet sent (graphql-ws asks for the next one only after sending the last), so a
 * socket can be closed after the events that announce its end, never before.
 */
export class EventStream<T> implements AsyncIterableIterator<T> {
  private readonly queued: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private handedOut = false;
  private done = false;
  /** Why the stream ended, when it is an error: the next read throws it (graphql-ws sends an `error`). */
  private failure: Error | undefined;

  constructor(
    private readonly check: DeliveryCheck<T>,
    private readonly onEnd: () => void,
    /** Called when the stream stops being busy: the last event handed out was sent and none is queued. */
    private readonly onIdle: () => void = () => undefined,
  ) {}

  get busy(): boolean {
    return !this.done && (this.handedOut || this.queued.length > 0);
  }

  push(event: T): void {
    if (this.done) return;
    this.queued.push(event);
    this.wake();
  }

  async next(): Promise<IteratorResult<T>> {
    this.handedOut = false;
    if (this.queued.length === 0) this.onIdle();
    for (;;) {
      if (this.done) return this.ending();
      const event = this.queued.shift();
      if (event === undefined) {
        await new Promise<IteratorResult<T>>((resolve) => (this.waiting = resolve));
        continue;
      }
      this.handedOut = true;
      if (await this.check(event)) return { done: false, value: event };
      this.handedOut = false;
      if (this.queued.length === 0) this.onIdle();
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.end();
    return { done: true, value: undefined };
  }

  /** Ends the stream with an error: graphql-ws sends it as the subscription's `error`, and nothing after. */
  fail(error: Error): void {
    if (this.done) return;
    this.failure = error;
    this.end();
  }

  /** Ends the stream: graphql-ws completes the subscription. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.queued.length = 0;
    this.onEnd();
    this.wake();
    this.onIdle();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private ending(): IteratorResult<T> {
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
    return { done: true, value: undefined };
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ done: this.done, value: undefined } as IteratorResult<T>);
  }
}
