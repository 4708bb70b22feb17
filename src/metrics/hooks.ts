import type { AuditDetails, AuditEvent } from '../audit/audit-log';
import {
  authCacheLookups, cacheSyncLag, codeName, logins, passwordHashDuration, passwordJobsPending, rateLimitRefusals,
  refreshes, reuseDetections, websocketConnections,
} from './metrics';

/*
 * One-line hooks for the parts of tokengate that own what is measured, so that metrics need no wiring
 * through their constructors. Each takes only values that are bounded by our code.
 */

/**
 * Password work (src/auth/passwords): wrap the promise of one hash or compare submitted to the worker pool.
 * `return timePasswordWork('hash', new Promise(...))`: measures it, and counts it as pending until it settles.
 */
export function timePasswordWork<T>(operation: 'hash' | 'verify', work: Promise<T>): Promise<T> {
  const stop = passwordHashDuration.startTimer({ operation });
  passwordJobsPending.inc();
  const settle = (): void => {
    stop();
    passwordJobsPending.dec();
  };
  work.then(settle, settle);
  return work;
}

/** WebSocket connections (src/realtime): call once per accepted socket; the gauge drops when it closes. */
export function countWebSocket(socket: { once(event: 'close', listener: () => void): unknown }): void {
  websocketConnections.inc();
  socket.once('close', () => websocketConnections.dec());
}

/** Looked up once: two lookups on every authenticated request, on the hot path. */
const cacheLookups = {
  tokens: { hit: authCacheLookups.labels('tokens', 'hit'), miss: authCacheLookups.labels('tokens', 'miss') },
  users: { hit: authCacheLookups.labels('users', 'hit'), miss: authCacheLookups.labels('users', 'miss') },
};

/** The authentication cache (src/auth/cache/auth-cache.ts): one lookup, found or not. */
export function countCacheLookup(cache: 'tokens' | 'users', hit: boolean): void {
  cacheLookups[cache][hit ? 'hit' : 'miss'].inc();
}

/**
 * Cache sync (src/auth/cache/cache-sync.ts): a change made on another instance, stamped at `stampedAtMs` (a
 * revoked token, or a user's token version or roles), applied to this instance's cache at `appliedAtMs`.
 */
export function observeCacheSyncLag(feed: 'tokens' | 'users', stampedAtMs: number, appliedAtMs: number): void {
  cacheSyncLag.observe({ feed }, Math.max(0, appliedAtMs - stampedAtMs) / 1000);
}

/**
 * The audit log (src/audit/audit-log.ts) already records every login, refresh, reuse detection and rate-limit
 * refusal: counting them there keeps the services free of metrics calls.
 */
export function countAuditEvent(event: AuditEvent, details: AuditDetails): void {
  switch (event) {
    case 'login_succeeded':
      return void logins.inc({ result: 'success' });
    case 'login_failed':
      return void logins.inc({ result: 'failure' });
    case 'token_refreshed':
      return void refreshes.inc({ kind: details.replayed ? 'replayed' : 'rotated' });
    case 'refresh_reuse_detected':
      return void reuseDetections.inc({ cause: codeName(details.cause) });
    case 'rate_limited':
      return void rateLimitRefusals.inc({ limiter: codeName(details.limit) });
    default:
  }
}
