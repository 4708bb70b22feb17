import type { Caller } from '../auth/auth.service';
import type { RevocationListener } from '../auth/cache/revocation-bus';
import type { WebSocketConfig } from '../config/websocket.config';
import type { Logger } from '../lib/logger';
import { CLOSE_CODES, CLOSE_REASONS, closeCodeFor, type CloseCode } from './close-codes';
import type { LiveConnection } from './live-connection';
import type { SessionGoesOn } from './session-liveness';

/** Which sockets to close: every one of a session (`sid`), or of a user. */
export type SocketTarget = { sessionId: string } | { userId: string };

/** What checking a token again decided, for every socket opened with that token. */
type Verdict = { caller: Caller | null } | { outage: unknown } | { close: CloseCode; reason: string };

/**
 * The open sockets of this instance, indexed by client address, user, session and token; the per-instance
 * connection limits; and the one place that closes sockets when what they were opened with stops being true.
 * It is a RevocationListener on the same bus as the auth cache: a revocation made here reaches it at once,
 * one made on another instance through CacheSync within CACHE_SYNC_INTERVAL.
 */
export class LiveSockets implements RevocationListener {
  private readonly all = new Set<LiveConnection>();
  private readonly byAddress = new Map<string, Set<LiveConnection>>();
  private readonly byUser = new Map<string, Set<LiveConnection>>();
  private readonly bySession = new Map<string, Set<LiveConnection>>();
  private readonly byToken = new Map<string, Set<LiveConnection>>();
  /** Counts revocations heard: a socket authenticated while one arrived checks its token once more. */
  private heardRevocations = 0;

  constructor(
    private readonly limits: Pick<WebSocketConfig, 'maxConnectionsPerIp' | 'maxConnectionsPerUser'>,
    private readonly logger: Logger,
    /** Whether a socket's session is still live in the store: its revoked token was replaced (4403), not ended (4401). */
    private readonly sessionGoesOn: SessionGoesOn,
  ) {}

  get size(): number {
    return this.all.size;
  }

  /** A new socket, counted against its address; false (and not counted) when the address is at its limit. */
  admit(connection: LiveConnection): boolean {
    if ((this.byAddress.get(connection.addressKey)?.size ?? 0) >= this.limits.maxConnectionsPerIp) return false;
    this.all.add(connection);
    addTo(this.byAddress, connection.addressKey, connection);
    return true;
  }

  /** The socket authenticated as this user: counted against the user; false when the user is at the limit. */
  admitUser(connection: LiveConnection, userId: string): boolean {
    if ((this.byUser.get(userId)?.size ?? 0) >= this.limits.maxConnectionsPerUser) return false;
    addTo(this.byUser, userId, connection);
    return true;
  }

  /** Mark this before authenticating a socket, and hand it to signedIn. */
  get revision(): number {
    return this.heardRevocations;
  }

  /**
   * Indexes a signed-in socket by its session and token (after admitUser, once the caller is set). A revocation
   * heard while it was being authenticated found no socket to close: the token is checked once more.
   */
  signedIn(connection: LiveConnection, revisionBefore: number): void {
    const token = connection.caller?.token;
    if (!token) return;
    addTo(this.bySession, token.sid, connection);
    addTo(this.byToken, token.jti, connection);
    if (this.heardRevocations !== revisionBefore) this.recheck([connection]);
  }

  remove(connection: LiveConnection): void {
    this.all.delete(connection);
    removeFrom(this.byAddress, connection.addressKey, connection);
    const token = connection.caller?.token;
    if (!token) return;
    removeFrom(this.byUser, token.sub, connection);
    removeFrom(this.bySession, token.sid, connection);
    removeFrom(this.byToken, token.jti, connection);
  }

  /**
   * THE seam for everything that ends sockets: closes the sockets of one session or one user with the given
   * code, each after the events already queued for it are sent. Sessions (revokeSession) call it with
   * `{ sessionId }` and 4401.
   */
  closeSockets(target: SocketTarget, code: CloseCode, reason: string): number {
    const matches = [...this.of(target)];
    for (const connection of matches) void connection.closeAfterDeliveries(code, reason);
    return matches.length;
  }

  /** Shutdown: every socket, 1001, so clients reconnect to another instance. */
  closeAll(): void {
    for (const connection of [...this.all]) connection.close(CLOSE_CODES.GOING_AWAY, 'Server shutting down');
  }

  // --- RevocationListener: what the auth cache hears, the sockets hear. ---

  tokenRevoked(jti: string): void {
    this.heardRevocations++;
    if (!this.byToken.has(jti)) return;
    // Deferred past the revoking service's next lines, which publish the event this socket should see first.
    // Checked again rather than closed: a token replaced in a live session (verifyMfa) closes 4403, not 4401.
    setImmediate(() => this.recheck([...(this.byToken.get(jti) ?? [])]));
  }

  /** A token version bump, a password or role change, a deletion: each socket of the user checks its token again. */
  userChanged(userId: string): void {
    this.heardRevocations++;
    if (!this.byUser.has(userId)) return;
    setImmediate(() => this.recheck([...(this.byUser.get(userId) ?? [])]));
  }

  /** A session revoked here or, through CacheSync, elsewhere: its sockets hear SESSION_REVOKED, then 4401. */
  sessionRevoked(sessionId: string): void {
    this.heardRevocations++;
    setImmediate(() => this.closeSockets({ sessionId }, CLOSE_CODES.UNAUTHORIZED, 'Session ended'));
  }

  /**
   * The sockets' tokens and user checked again, once per token: the tabs and devices sharing one token (a
   * user's 1,000 sockets after logoutAll, say) share one verification and one store read, not one each.
   */
  private recheck(connections: readonly LiveConnection[]): void {
    const verdicts = new Map<string, Promise<Verdict>>();
    for (const connection of connections) {
      const jti = connection.caller?.token.jti;
      if (jti === undefined) continue;
      let verdict = verdicts.get(jti);
      if (!verdict) verdicts.set(jti, (verdict = this.judge(connection)));
      void verdict.then((decided) => this.apply(connection, decided));
    }
  }

  /**
   * Still valid: the caller as stored now. A revoked token whose session is still live in the store was replaced
   * (verifyMfa, the session that changed the password): 4403, so the client reconnects with its new token.
   * Otherwise the session or user is gone: 4401.
   */
  private async judge(connection: LiveConnection): Promise<Verdict> {
    const outcome = await connection.reauthenticate();
    if (!('failure' in outcome)) return outcome;
    const token = connection.caller?.token;
    try {
      const replaced = outcome.failure === 'TOKEN_REVOKED' && token !== undefined && (await this.sessionGoesOn(token));
      return replaced
        ? { close: CLOSE_CODES.TOKEN_EXPIRED, reason: 'Token replaced' }
        : { close: closeCodeFor(outcome.failure), reason: CLOSE_REASONS[outcome.failure] };
    } catch (error) {
      return { outage: error };
    }
  }

  /** A socket still allowed has its subscriptions re-checked against the user as stored now (a role removed ends those it no longer allows). */
  private apply(connection: LiveConnection, verdict: Verdict): void {
    if ('outage' in verdict) return this.closeForOutage(connection, verdict.outage);
    if ('close' in verdict) return void connection.closeAfterDeliveries(verdict.close, verdict.reason);
    if (!verdict.caller) return;
    connection.renew(verdict.caller);
    connection.recheckSubscriptions(verdict.caller.user);
  }

  private closeForOutage(connection: LiveConnection, error: unknown): void {
    this.logger.warn({ err: error, requestId: connection.request.requestId }, 'websocket re-authentication failed: store unavailable');
    void connection.closeAfterDeliveries(CLOSE_CODES.SERVICE_UNAVAILABLE, 'Service unavailable');
  }

  private of(target: SocketTarget): Iterable<LiveConnection> {
    return ('userId' in target ? this.byUser.get(target.userId) : this.bySession.get(target.sessionId)) ?? [];
  }
}

function addTo<K>(index: Map<K, Set<LiveConnection>>, key: K, connection: LiveConnection): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(connection);
}

function removeFrom<K>(index: Map<K, Set<LiveConnection>>, key: K, connection: LiveConnection): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(connection);
  if (set.size === 0) index.delete(key);
}
