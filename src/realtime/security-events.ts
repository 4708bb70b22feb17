import type { AuditLine, AuditSink } from '../audit/audit-log';
import type { Clock } from '../lib/clock';

/**
 * One audit line as the `securityEvents` subscription (ADMIN) delivers it: who, what, from where, when. Only
 * these fields, never the line's other details, so nothing secret can reach a socket even by accident.
 */
export interface SecurityEvent {
  readonly event: string;
  readonly userId: string | null;
  readonly actorId: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
  readonly at: Date;
}

/** Where this instance's security events go for the other instances (the live event feed). */
export interface SecurityEventOutbox {
  securityEventHappened(event: SecurityEvent): Promise<void>;
}

type Listener = (event: SecurityEvent) => void;

/**
 * The audit log as it is written, fanned out in process to the securityEvents subscriptions of this
 * instance and written once for the others. It is an AuditSink: the audit log itself stays the only writer.
 */
export class SecurityEventBus implements AuditSink {
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly clock: Clock,
    private readonly outbox?: SecurityEventOutbox,
  ) {}

  recorded(line: AuditLine): void {
    const event: SecurityEvent = {
      event: line.event,
      userId: line.userId ?? null,
      actorId: line.actorId ?? null,
      ip: line.ip ?? null,
      requestId: line.requestId ?? null,
      at: new Date(this.clock.now()),
    };
    this.deliver(event);
    // Not awaited: an audit line never waits on (or fails with) its delivery to other instances.
    void this.outbox?.securityEventHappened(event);
  }

  /** Hands an event (written here, or read from another instance) to every securityEvents subscription. */
  deliver(event: SecurityEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
