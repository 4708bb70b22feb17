import { GraphQLError } from 'graphql';
import type { Caller } from '../auth/auth.service';
import type { RequestInfo } from '../lib/request-context';
import type { RateLimits } from './rate-limits';

/** What happens once the resolver has run: the reserved attempt is given back unless it was a wrong password. */
export interface ReservedAttempt {
  succeeded(): Promise<void>;
  failed(error: unknown): Promise<void>;
}

/**
 * changePassword's budget: only wrong current passwords count, per session (its `sid`), and per user as a
 * cap. Per session, so that another session of the same user (a thief's, a stale tab's) cannot burn the
 * owner's budget; the per-user cap still bounds a user with many sessions.
 *
 * Every call reserves an attempt on both counters before the password is checked, so concurrent guesses
 * (aliases, batches, parallel requests) never get more checks than the budget; an attempt that was not a
 * wrong current password is given back once the resolver has run. A session or user over its budget gets
 * TOO_MANY_REQUESTS before any check, so that answer never tells a right guess from a wrong one.
 */
export async function reserveChangePasswordAttempt(
  limits: RateLimits,
  caller: Caller,
  request?: RequestInfo,
): Promise<ReservedAttempt> {
  const session = caller.token.sid;
  await limits.consume('changePasswordPerSession', session, request);
  try {
    await limits.consume('changePasswordPerUser', caller.user.id, request);
  } catch (error) {
    await limits.refund('changePasswordPerSession', session);
    throw error;
  }
  const giveBack = async (): Promise<void> => {
    await Promise.all([limits.refund('changePasswordPerSession', session), limits.refund('changePasswordPerUser', caller.user.id)]);
  };
  return {
    succeeded: giveBack,
    failed: async (error) => {
      if (!isWrongCurrentPassword(error)) await giveBack();
    },
  };
}

/** The answer AuthService.changePassword gives a wrong (or too long) current password. */
const isWrongCurrentPassword = (error: unknown): boolean =>
  error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT' && error.extensions.field === 'currentPassword';
