import type { Stores } from '../stores/stores';

/** Whether the session a token names goes on in the store, whatever became of the token itself. */
export type SessionGoesOn = (token: { sid: string; sub: string }) => Promise<boolean>;

/**
 * The store's answer, read when a socket's token stops passing: the session is live (not ended, not expired)
 * and of the user's current token version. True means the token was replaced while its session lives on (a
 * step-up, the session that changed the password); false means the session is over. The truth every instance
 * shares, unlike a memory of recent events.
 */
export function sessionLiveness(stores: Pick<Stores, 'users' | 'sessions'>): SessionGoesOn {
  return async ({ sid, sub }) => {
    const [user, session] = await Promise.all([stores.users.findById(sub), stores.sessions.find(sid)]);
    if (!user || !session) return false;
    return session.revokedAt === null && session.userId === user.id && session.tokenVersion === user.tokenVersion;
  };
}
