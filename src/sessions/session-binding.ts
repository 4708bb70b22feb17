import type { AuditLog } from '../audit/audit-log';
import type { AccessTokenBinding } from '../auth/request-authenticator';
import { TokenError } from '../auth/tokens/token.errors';
import type { AccessClaims } from '../auth/tokens/token.service';
import type { BindingPart } from '../config/sessions.config';
import type { RequestInfo } from '../lib/request-context';
import { clientSubnet } from '../security/client-subnet';
import type { SessionRecord } from '../stores/session.store';
import { userAgentFamily } from './device-label';

/** Where a client is, as the binding sees it: the request's address and user agent. */
export interface BindingClient {
  ip: string | undefined;
  userAgent: string | undefined;
}

/** What did not match, with both values (for the audit line): networks and browser families, never raw strings. */
export interface BindingMismatch {
  parts: BindingPart[];
  expectedSubnet?: string;
  actualSubnet?: string;
  expectedUserAgent?: string;
  actualUserAgent?: string;
}

/**
 * Compares a client with the session's client as of its last refresh (its creation until then): the /24 or /48
 * of the address, and the browser family and operating system. Undefined when every bound part matches.
 */
export function bindingMismatch(parts: readonly BindingPart[], session: SessionRecord, client: BindingClient): BindingMismatch | undefined {
  const mismatch: BindingMismatch = { parts: [] };
  if (parts.includes('ip-subnet')) {
    const expected = clientSubnet(session.lastIp ?? undefined);
    const actual = clientSubnet(client.ip);
    if (expected !== actual) Object.assign(mismatch, { expectedSubnet: expected, actualSubnet: actual }).parts.push('ip-subnet');
  }
  if (parts.includes('user-agent')) {
    const expected = userAgentFamily(session.lastUserAgent);
    const actual = userAgentFamily(client.userAgent);
    if (expected !== actual) Object.assign(mismatch, { expectedUserAgent: expected, actualUserAgent: actual }).parts.push('user-agent');
  }
  return mismatch.parts.length > 0 ? mismatch : undefined;
}

/**
 * ACCESS_TOKEN_BINDING=ip-subnet: an access token is used only from its session's network as of its last
 * refresh. A mismatch refuses the request (TOKEN_BINDING_MISMATCH) but leaves the session alone: the client
 * refreshes, which SESSION_BINDING judges, and a legitimate client that moved gets a pair for its new network.
 */
export class SubnetAccessBinding implements AccessTokenBinding {
  constructor(private readonly audit: AuditLog) {}

  matches(session: SessionRecord, client: { ip?: string }): boolean {
    return clientSubnet(session.lastIp ?? undefined) === clientSubnet(client.ip);
  }

  check(session: SessionRecord | null, token: AccessClaims, client: Partial<RequestInfo>): void {
    // A token without a stored session (issued before sessions) has no network to be bound to: refused.
    if (session && this.matches(session, client)) return;
    this.audit.record('session_binding_mismatch', {
      userId: token.sub,
      sessionId: token.sid,
      token: 'access',
      binding: ['ip-subnet'],
      expectedSubnet: session ? clientSubnet(session.lastIp ?? undefined) : undefined,
      actualSubnet: clientSubnet(client.ip),
    }, { requestId: client.requestId, ip: client.ip, userAgent: client.userAgent });
    throw new TokenError('TOKEN_BINDING_MISMATCH', 'access token used from another network than its session\'s');
  }
}
