import type { Caller } from '../auth/auth.service';

/** What every resolver receives. `caller` is null for an anonymous request. */
export interface RequestContext {
  caller: Caller | null;
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
}
