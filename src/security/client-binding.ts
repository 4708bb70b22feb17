import { createHash } from 'node:crypto';
import type { RequestInfo } from '../lib/request-context';
import type { RotationClient } from '../stores/revoked-token.store';
import { clientSubnet } from './client-subnet';

/** What identifies a client well enough to tell the owner's retry from a copied token: its subnet and user agent. */
export function clientOf(request: RequestInfo): RotationClient {
  return {
    subnet: clientSubnet(request.ip),
    userAgentHash: createHash('sha256').update(request.userAgent ?? '').digest('hex'),
  };
}

/** True when both describe one client. Nothing recorded (older entries) proves nothing: not the same. */
export function isSameClient(recorded: RotationClient | undefined, current: RotationClient): boolean {
  return recorded !== undefined && recorded.subnet === current.subnet && recorded.userAgentHash === current.userAgentHash;
}
