import { GraphQLError } from 'graphql';
import { tokenRejected } from '../errors/api-errors';
import type { RequestInfo } from '../lib/request-context';
import type { RateLimits } from '../security/rate-limits';

/** What happens once a code was checked: a right one gives its attempt back, a wrong one keeps it spent. */
export interface ReservedCodeAttempt {
  giveBack(): Promise<void>;
}

const isTooManyRequests = (error: unknown): boolean => error instanceof GraphQLError && error.extensions.code === 'TOO_MANY_REQUESTS';

/**
 * Wrong codes count per user (RATE_LIMIT_MFA_PER_USER) across challenges and signed-in operations, and per
 * login challenge (5). An attempt is reserved before the code is checked, so concurrent guesses (aliases,
 * batches, parallel requests) never get more checks than the budget; a right code gives it back. A correct
 * password does not reset anything here: opening new challenges buys no guesses.
 */
export class WrongCodeBudget {
  constructor(private readonly limits: RateLimits) {}

  async reserve(userId: string, request: RequestInfo, challengeJti?: string): Promise<ReservedCodeAttempt> {
    if (challengeJti) {
      try {
        await this.limits.consume('mfaPerChallenge', challengeJti, request);
      } catch (error) {
        // Its fifth wrong code ended the challenge: only a new login opens another.
        if (isTooManyRequests(error)) throw tokenRejected('TOKEN_REVOKED', 'This mfaToken took too many wrong codes: log in again');
        throw error;
      }
    }
    await this.limits.consume('mfaPerUser', userId, request);
    return { giveBack: () => this.limits.refund('mfaPerUser', userId) };
  }
}
