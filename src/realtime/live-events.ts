import type { RequestContext } from '../graphql/context.type';
import type { SessionEvent } from './session-events';

/** What a subscription resolver reads its events from; only a WebSocket's context has one. */
export interface LiveEvents {
  /** The caller's own account events; each is authorized against the user as stored when it is delivered. */
  sessionEvents(context: RequestContext): AsyncIterableIterator<SessionEvent>;
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

  constructor(
    private readonly check: DeliveryCheck<T>,
    private readonly onEnd: () => void,
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
    for (;;) {
      if (this.done) return { done: true, value: undefined };
      const event = this.queued.shift();
      if (event === undefined) {
        await new Promise<IteratorResult<T>>((resolve) => (this.waiting = resolve));
        continue;
      }
      this.handedOut = true;
      if (await this.check(event)) return { done: false, value: event };
      this.handedOut = false;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    this.end();
    return { done: true, value: undefined };
  }

  /** Ends the stream: graphql-ws completes the subscription. */
  end(): void {
    if (this.done) return;
    this.done = true;
    this.queued.length = 0;
    this.onEnd();
    this.wake();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ done: this.done, value: undefined } as IteratorResult<T>);
  }
}
