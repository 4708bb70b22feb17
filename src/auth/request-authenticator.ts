import { attachActor } from '../lib/request-context';
import type { Stores } from '../stores/stores';
import type { Caller } from './auth.service';
import { TokenError } from './tokens/token.errors';
import type { TokenService } from './tokens/token.service';

/** Authorization header -> verified access token -> the user as stored now. */
export class RequestAuthenticator {
  private readonly schemes: Set<string>;

  constructor(
    private readonly stores: Stores,
    private readonly tokens: TokenService,
    headerTypes: readonly string[],
  ) {
    this.schemes = new Set(headerTypes.map((type) => type.toLowerCase()));
  }

  /** Null for an anonymous request; throws TokenError for a header that is present but unusable. */
  async authenticate(authorization: string | undefined): Promise<Caller | null> {
    // Some clients send an empty header when signed out: that is anonymous, not an attack.
    if (authorization === undefined || authorization.trim() === '') return null;
    const match = /^(\S+) +(\S+)$/.exec(authorization.trim());
    if (!match || !this.schemes.has(match[1].toLowerCase())) {
      throw new TokenError('TOKEN_MALFORMED', 'Authorization header must be "Bearer <token>"');
    }
    const token = this.tokens.verifyAccess(match[2]);
    const [revoked, user] = await Promise.all([
      this.stores.revokedTokens.find(token.jti),
      this.stores.users.findById(token.sub),
    ]);
    if (revoked) throw new TokenError('TOKEN_REVOKED', 'token revoked');
    if (!user || user.tokenVersion !== token.ver) throw new TokenError('TOKEN_REVOKED', 'token no longer valid for this user');
    attachActor(user.id); // the audit log says who acted
    return { user, token };
  }
}
