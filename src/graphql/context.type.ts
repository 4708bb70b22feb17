import type { Caller } from '../auth/auth.service';
import type { RequestInfo } from '../lib/request-context';
import type { LiveEvents } from '../realtime/live-events';
import type { DeviceCookie } from '../security/device-cookie';
import type { RefreshCookie } from '../security/refresh-cookie';

/** What every resolver receives. `caller` is null for an anonymous request. */
export interface RequestContext {
  caller: Caller | null;
  /**
   * Who is asking (request id, client IP as TRUST_PROXY sees it, user agent, caller): for the audit log, passed
   * to the service methods that write audit lines, and for the per-IP rate limits.
   */
  request: RequestInfo;
  /** Set only in browser mode (REFRESH_TOKEN_COOKIE=true): the refresh token travels in this cookie. */
  refreshCookie?: RefreshCookie;
  /** Set only in browser mode: the device token travels in this cookie instead of AuthPayload.deviceToken. */
  deviceCookie?: DeviceCookie;
  /** True when the HTTP request is a batch: its operations share one HTTP status. */
  batched?: boolean;
  /** Set only on a WebSocket (src/realtime/): the event streams subscriptions read, authorized per event. */
  live?: LiveEvents;
}
