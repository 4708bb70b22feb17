import type { TokenFailureReason } from '../../errors/error-codes';

/** Why a token was refused; the GraphQL layer turns it into UNAUTHENTICATED with this reason. */
export class TokenError extends Error {
  constructor(
    readonly reason: TokenFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}
