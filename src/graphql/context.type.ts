import type { Caller } from '../auth/auth.service';
import type { RequestInfo } from '../lib/request-context';
import type { DeviceCookie } from '../security/device-cookie';
import type { RefreshCookie } from '../security/refresh-cookie';

/** What every resolver receives. `caller` is null for an anonymous request. */
export interface RequestContext {
  caller: Caller | null;
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
  /** Who is asking, for the audit log: passed to the service methods that write audit lines. */
  request: RequestInfo;
  /** Set only in browser mode (REFRESH_TOKEN_COOKIE=true): the refresh token travels in this cookie. */
  refreshCookie?: RefreshCookie;
  /** Set only in browser mode: the device token travels in this cookie instead of AuthPayload.deviceToken. */
  deviceCookie?: DeviceCookie;
  /** True when the HTTP request is a batch: its operations share one HTTP status. */
  batched?: boolean;
}
