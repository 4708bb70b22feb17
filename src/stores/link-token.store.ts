/** What a link token proves: the mailbox received it for this purpose. */
export type LinkPurpose = 'email_verification' | 'password_reset' | 'email_change';
export const LINK_PURPOSES: readonly LinkPurpose[] = ['email_verification', 'password_reset', 'email_change'];

/**
 * A token mailed in a link, as stored: only its SHA-256, never the token. One record per user and purpose:
 * issuing a new one replaces the earlier, so only the newest link works.
 */
export interface LinkTokenRecord {
  /** SHA-256 of the token (base64url): the lookup key. */
  tokenHash: string;
  purpose: LinkPurpose;
  userId: string;
  /** The address the link was sent to (an email change: the new address). */
  email: string;
  /** Email change only: the session that asked, which the change leaves signed in. */
  sid?: string;
  createdAt: Date;
  /** Checked on every read; the TTL index only cleans up, some time after. */
  expiresAt: Date;
  used: boolean;
}

export type NewLinkToken = Omit<LinkTokenRecord, 'used' | 'createdAt'>;

/** How a consume ended: only `consumed` hands out the record, and only once per token. */
export type LinkConsumption =
  | { outcome: 'consumed'; record: LinkTokenRecord }
  | { outcome: 'used' | 'expired' | 'unknown' };

export interface LinkTokenStore {
  /** Stores the token, replacing (atomically) any earlier one of the same user and purpose. */
  issue(token: NewLinkToken): Promise<void>;
  /** The live, unused record of this hash and purpose, or why there is none; changes nothing. */
  find(tokenHash: string, purpose: LinkPurpose): Promise<LinkConsumption>;
  /**
   * Marks the token used with one conditional update (unused and unexpired): of two racing calls exactly one
   * gets `consumed`; the other `used`. A token of another purpose is `unknown`.
   */
  consume(tokenHash: string, purpose: LinkPurpose): Promise<LinkConsumption>;
  /** Deletes the user's unused tokens of this purpose (a password change voids reset links). Returns how many. */
  voidUnused(userId: string, purpose: LinkPurpose): Promise<number>;
}
