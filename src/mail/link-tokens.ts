import { createHash, randomBytes } from 'node:crypto';
import type { MailConfig } from '../config/mail.config';
import { linkRejected } from '../errors/api-errors';
import type { Clock } from '../lib/clock';
import type { LinkPurpose, LinkTokenRecord, LinkTokenStore } from '../stores/link-token.store';

/** 32 random bytes in base64url: 43 characters. Anything else is refused before the store is asked. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (token: string): string => createHash('sha256').update(token).digest('base64url');

/**
 * Tokens mailed in links: made here, stored only as their SHA-256 (a database leak hands out no working link),
 * single use, newest only. Failures answer BAD_USER_INPUT on `token` with LINK_EXPIRED, LINK_USED or LINK_INVALID.
 */
export class LinkTokens {
  private readonly ttlSeconds: Record<LinkPurpose, number>;

  constructor(
    private readonly store: LinkTokenStore,
    private readonly clock: Clock,
    ttl: MailConfig['linkTtlSeconds'],
  ) {
    this.ttlSeconds = { email_verification: ttl.emailVerification, password_reset: ttl.passwordReset, email_change: ttl.emailChange };
  }

  lifetimeOf(purpose: LinkPurpose): number {
    return this.ttlSeconds[purpose];
  }

  /** A new token for the user and purpose; the earlier one of that purpose stops working. */
  async issue(purpose: LinkPurpose, link: { userId: string; email: string; sid?: string }): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.store.issue({
      tokenHash: hashOf(token),
      purpose,
      userId: link.userId,
      email: link.email,
      ...(link.sid ? { sid: link.sid } : {}),
      expiresAt: new Date(this.clock.now() + this.ttlSeconds[purpose] * 1000),
    });
    return token;
  }

  /** The token's record if it could be used now; spends nothing (to check a new password before the link is spent). */
  async peek(purpose: LinkPurpose, token: string): Promise<LinkTokenRecord> {
    if (!TOKEN_SHAPE.test(token)) throw linkRejected('LINK_INVALID');
    return this.settle(await this.store.find(hashOf(token), purpose));
  }

  /** Spends the token (one atomic write: of two racing clicks one wins) and returns its record. */
  async consume(purpose: LinkPurpose, token: string): Promise<LinkTokenRecord> {
    if (!TOKEN_SHAPE.test(token)) throw linkRejected('LINK_INVALID');
    return this.settle(await this.store.consume(hashOf(token), purpose));
  }

  /** The user's unused links of this purpose stop working (a password change voids reset links). */
  async voidUnused(userId: string, purpose: LinkPurpose): Promise<void> {
    await this.store.voidUnused(userId, purpose);
  }

  private settle(found: Awaited<ReturnType<LinkTokenStore['find']>>): LinkTokenRecord {
    if (found.outcome === 'consumed') return found.record;
    throw linkRejected(found.outcome === 'used' ? 'LINK_USED' : found.outcome === 'expired' ? 'LINK_EXPIRED' : 'LINK_INVALID');
  }
}
