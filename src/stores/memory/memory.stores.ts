import type { Clock } from '../../lib/clock';
import type { Stores } from '../stores';
import { MemoryLinkTokenStore } from './memory-link-token.store';
import { MemoryLiveEventStore } from './memory-live-event.store';
import { MemoryRevokedTokenStore } from './memory-revoked-token.store';
import { MemorySessionStore } from './memory-session.store';
import { MemorySignInDeviceStore } from './memory-sign-in-device.store';
import { MemorySigningKeyStore } from './memory-signing-key.store';
import { MemoryUserStore } from './memory-user.store';

export function createMemoryStores(clock: Clock): Stores {
  return {
    kind: 'memory',
    description: 'in-memory (data is lost when the process stops)',
    users: new MemoryUserStore(clock),
    revokedTokens: new MemoryRevokedTokenStore(clock),
    signingKeys: new MemorySigningKeyStore(),
    linkTokens: new MemoryLinkTokenStore(clock),
    sessions: new MemorySessionStore(clock),
    signInDevices: new MemorySignInDeviceStore(clock),
    liveEvents: new MemoryLiveEventStore(clock),
    writeLagBoundMs: 0,
    isHealthy: async () => true,
    close: async () => undefined,
  };
}
