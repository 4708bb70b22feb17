/** A user as the stores hold it. The password hash stays inside the server: never a GraphQL field. */
export interface UserRecord {
  id: string;
  /** Trimmed and lower-cased: the unique key. */
  email: string;
  name: string | null;
  roles: string[];
  /** Part of every token; raising it revokes every token issued before. */
  tokenVersion: number;
  passwordHash: string;
  createdAt: Date;
  /**
   * The address was proven by a link (or set by an operator). Accounts stored before verification existed have
   * no such field and count as verified: the stores read a missing value as true.
   */
  emailVerified: boolean;
  /** Set by an email change: the session that asked keeps working across the token version it raised. */
  keptSession?: KeptSession;
  /** Two-factor authentication by TOTP; absent when the user never enrolled (or disabled it). */
  totp?: TotpFactor;
  /** Hashes of the unused recovery codes (mfa/recovery-codes.ts), never the codes; absent without 2FA. */
  recoveryCodeHashes?: string[];
}

/**
 * One session spared when the token version was raised: tokens of `sid` issued at `fromVersion` stay valid
 * while the user is at `toVersion` (any later raise ends them too). Their next refresh moves them onto it.
 */
export interface KeptSession {
  sid: string;
  fromVersion: number;
  toVersion: number;
}

/** A TOTP factor: pending from beginTotpEnrollment until confirmTotpEnrollment sets enabledAt. */
export interface TotpFactor {
  /** The base32 secret, sealed with AES-256-GCM (mfa/secret-box.ts): never stored in the clear. */
  encryptedSecret: string;
  /** Null while the enrollment waits for its first code. */
  enabledAt: Date | null;
  /** The last time step whose code was accepted: codes of that step or earlier are replays. */
  lastUsedStep: number;
}

export interface NewUser {
  email: string;
  name: string | null;
  roles: string[];
  passwordHash: string;
  /** Absent: false (a new address is unproven). Operators' accounts are created verified. */
  emailVerified?: boolean;
}

export class DuplicateEmailError extends Error {
  constructor() {
    super('A user with this email already exists');
    this.name = 'DuplicateEmailError';
  }
}

/** Taking ADMIN from this user would leave no user holding it. */
export class LastAdminError extends Error {
  constructor() {
    super('No other user holds ADMIN');
    this.name = 'LastAdminError';
  }
}

export interface SetRolesOptions {
  /** Lets the last ADMIN lose the role (the operator CLI's `demote --force`). */
  allowNoAdmin?: boolean;
}

export interface UserStore {
  /** Throws DuplicateEmailError when the email is taken, atomically (two racing creates: one wins). */
  create(user: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Oldest first. */
  list(page: { limit: number; offset: number }): Promise<UserRecord[]>;
  /**
   * Replaces the roles. Taking ADMIN away is decided atomically against the other admins (not count-then-write):
   * it throws LastAdminError and changes nothing when no other user holds ADMIN, so of two admins demoting
   * each other at once, one is refused. Null when there is no such user.
   */
  setRoles(id: string, roles: string[], options?: SetRolesOptions): Promise<UserRecord | null>;
  /** The users holding ADMIN, oldest first. */
  listAdmins(): Promise<UserRecord[]>;
  incrementTokenVersion(id: string): Promise<UserRecord | null>;
  /** Replaces the hash and raises the token version in one step, so no old token outlives the change. */
  changePassword(id: string, passwordHash: string): Promise<UserRecord | null>;
  /**
   * A login's transparent upgrade: replaces the hash only while it is still `expectedHash`, atomically (a password
   * changed meanwhile wins); the token version stays, as the password is the same. False when nothing was replaced.
   * Not on the change feed: a cached copy's old hash still checks the same password.
   */
  replacePasswordHash(id: string, expectedHash: string, passwordHash: string): Promise<boolean>;
  /** Whether any stored hash starts with one of the prefixes (e.g. "$2b$": bcrypt hashes not yet upgraded). */
  hasPasswordHashWithPrefix(prefixes: readonly string[]): Promise<boolean>;
  /**
   * Change feed for caches on other instances: ids of the users created or changed at or after `since`
   * (stamped with the writing instance's clock), each with that stamp. A user may be listed again on a later call;
   * callers treat it as idempotent.
   */
  changedSince(since: Date): Promise<Array<{ id: string; updatedAt: Date }>>;
  /** Marks the address verified, only while it is still `email` (a link for an old address proves nothing now). */
  markEmailVerified(id: string, email: string): Promise<UserRecord | null>;
  /**
   * Switches the address (verified) and raises the token version in one write; `keepSid` names the session that
   * survives (see KeptSession). Throws DuplicateEmailError when the address is taken (the unique index decides).
   */
  changeEmail(id: string, email: string, keepSid?: string): Promise<UserRecord | null>;
  /** A password reset by link: new hash, address verified (the link proved it), token version raised, in one write. */
  resetPassword(id: string, passwordHash: string): Promise<UserRecord | null>;

  // Two-factor authentication: each a single conditional update, null when its condition does not hold
  // (no such user, or the factor not in the state the operation needs), so races have exactly one winner.
  /** A new pending TOTP factor, replacing a pending one; null when 2FA is already on. */
  startTotpEnrollment(id: string, encryptedSecret: string): Promise<UserRecord | null>;
  /** Turns the pending factor with this secret on, spends `step`, stores the recovery hashes; null when not pending with it. */
  enableTotp(id: string, factor: { encryptedSecret: string; step: number; recoveryCodeHashes: string[] }): Promise<UserRecord | null>;
  /** Spends a time step: null when 2FA is off or the step is not after the last one used (a replay). */
  recordTotpStep(id: string, step: number): Promise<UserRecord | null>;
  /** Spends one recovery code: null when 2FA is off or the hash is not (or no longer) in the list. */
  useRecoveryCode(id: string, hash: string): Promise<UserRecord | null>;
  /** Replaces every recovery code hash; null when 2FA is off. */
  replaceRecoveryCodes(id: string, hashes: string[]): Promise<UserRecord | null>;
  /** Stores the secret sealed anew (key rotation); null when the stored one is no longer `from`. */
  reencryptTotpSecret(id: string, from: string, to: string): Promise<UserRecord | null>;
  /** Removes the factor and the recovery codes; null when 2FA is off. */
  disableTotp(id: string): Promise<UserRecord | null>;
}
