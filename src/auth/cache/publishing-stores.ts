import type { RevokedTokenStore } from '../../stores/revoked-token.store';
import type { SessionStore } from '../../stores/session.store';
import type { Stores } from '../../stores/stores';
import type { UserRecord, UserStore } from '../../stores/user.store';
import type { RevocationListener } from './revocation-bus';

/**
 * The stores, with every write that can revoke a token or change a user announced on the bus once the
 * store has accepted it. The services keep calling the store as before and need not know about caches.
 */
export function publishingStores(stores: Stores, bus: RevocationListener): Stores {
  const users: UserStore = Object.create(stores.users) as UserStore;
  const announce = async (id: string, write: Promise<UserRecord | null>): Promise<UserRecord | null> => {
    try {
      return await write;
    } finally {
      // Also after a failure: the write may have landed before the error reached us.
      bus.userChanged(id);
    }
  };
  users.setRoles = (id, roles, options) => announce(id, stores.users.setRoles(id, roles, options));
  users.incrementTokenVersion = (id) => announce(id, stores.users.incrementTokenVersion(id));
  users.changePassword = (id, hash) => announce(id, stores.users.changePassword(id, hash));
  users.markEmailVerified = (id, email) => announce(id, stores.users.markEmailVerified(id, email));
  users.changeEmail = (id, email, keepSid) => announce(id, stores.users.changeEmail(id, email, keepSid));
  users.resetPassword = (id, hash) => announce(id, stores.users.resetPassword(id, hash));
  // 2FA state decides step-up (auth checker) from the cached user: every change to it is announced.
  users.startTotpEnrollment = (id, secret) => announce(id, stores.users.startTotpEnrollment(id, secret));
  users.enableTotp = (id, factor) => announce(id, stores.users.enableTotp(id, factor));
  users.recordTotpStep = (id, step) => announce(id, stores.users.recordTotpStep(id, step));
  users.useRecoveryCode = (id, hash) => announce(id, stores.users.useRecoveryCode(id, hash));
  users.replaceRecoveryCodes = (id, hashes) => announce(id, stores.users.replaceRecoveryCodes(id, hashes));
  users.reencryptTotpSecret = (id, from, to) => announce(id, stores.users.reencryptTotpSecret(id, from, to));
  users.disableTotp = (id) => announce(id, stores.users.disableTotp(id));

  const revokedTokens: RevokedTokenStore = Object.create(stores.revokedTokens) as RevokedTokenStore;
  revokedTokens.revoke = async (entry) => {
    try {
      return await stores.revokedTokens.revoke(entry);
    } finally {
      // A rotation spends a refresh token, which is never in the access-token cache: announcing it would
      // only make in-flight cache fills start over. Reuse detection raises the token version instead.
      // A session's feed entry is for other instances: here the session store's revoke announced it.
      if (entry.reason !== 'rotated' && entry.reason !== 'session') bus.tokenRevoked(entry.jti);
    }
  };

  const sessions: SessionStore = Object.create(stores.sessions) as SessionStore;
  sessions.revoke = async (id, userId) => {
    try {
      return await stores.sessions.revoke(id, userId);
    } finally {
      bus.sessionRevoked(id);
    }
  };

  return {
    kind: stores.kind,
    description: stores.description,
    writeLagBoundMs: stores.writeLagBoundMs,
    users,
    revokedTokens,
    signingKeys: stores.signingKeys,
    linkTokens: stores.linkTokens,
    sessions,
    signInDevices: stores.signInDevices,
    liveEvents: stores.liveEvents,
    isHealthy: () => stores.isHealthy(),
    close: () => stores.close(),
  };
}
