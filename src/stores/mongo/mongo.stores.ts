import mongoose from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { Stores } from '../stores';
import { MongoLinkTokenStore } from './mongo-link-token.store';
import { MongoLiveEventStore } from './mongo-live-event.store';
import { MongoRevokedTokenStore } from './mongo-revoked-token.store';
import { MongoSessionStore } from './mongo-session.store';
import { MongoSignInDeviceStore } from './mongo-sign-in-device.store';
import { MongoSigningKeyStore } from './mongo-signing-key.store';
import { MongoUserStore } from './mongo-user.store';

/** How long an operation waits for a reachable primary before it fails. */
export const SERVER_SELECTION_TIMEOUT_MS = 5_000;

/**
 * Hides credentials: mongodb://user:secret@host/db?authMechanismProperties=… -> mongodb://host/db. The query
 * string goes too: it can carry secrets (tlsCertificateKeyFilePassword, AWS session tokens).
 */
export const describeMongoUri = (uri: string): string => uri.replace(/\/\/[^@/]*@/, '//').replace(/\?.*$/, '');

/** Connects, builds the indexes the semantics depend on (unique email, unique jti, TTL), then returns the stores. */
export async function connectMongoStores(uri: string, clock: Clock): Promise<Stores> {
  const connection = mongoose.createConnection(uri, {
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    // A write lands within the server selection timeout or fails: never held back by mongoose for 10 s,
    // which would stamp it too long before other instances' polls can see it (CacheSync.overlapMs).
    bufferCommands: false,
    // A secondary could answer with a revocation or role change not yet replicated.
    readPreference: 'primary',
    autoIndex: false,
  });
  try {
    await connection.asPromise();
    const users = new MongoUserStore(connection, clock);
    const revokedTokens = new MongoRevokedTokenStore(connection, clock);
    const signingKeys = new MongoSigningKeyStore(connection);
    const linkTokens = new MongoLinkTokenStore(connection, clock);
    const sessions = new MongoSessionStore(connection, clock);
    const signInDevices = new MongoSignInDeviceStore(connection, clock);
    const liveEvents = new MongoLiveEventStore(connection, clock);
    // Before the first request: a missing unique index would let two registrations of one email both succeed.
    await Promise.all(
      [users, revokedTokens, signingKeys, linkTokens, sessions, signInDevices, liveEvents].map((store) => store.model.createIndexes()),
    );
    await users.initialize();
    return {
      kind: 'mongodb',
      description: `MongoDB at ${describeMongoUri(uri)}`,
      users,
      revokedTokens,
      signingKeys,
      linkTokens,
      sessions,
      signInDevices,
      liveEvents,
      // Waiting for a primary, then the round trip (no buffering: see bufferCommands).
      writeLagBoundMs: SERVER_SELECTION_TIMEOUT_MS + 1_000,
      mongo: { client: connection.getClient(), dbName: connection.name },
      isHealthy: async () => {
        try {
          await connection.db?.admin().ping();
          return connection.readyState === mongoose.ConnectionStates.connected;
        } catch {
          return false;
        }
      },
      close: () => connection.close(),
    };
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
}
