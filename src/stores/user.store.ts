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
}

export interface NewUser {
  email: string;
  name: string | null;
  roles: string[];
  passwordHash: string;
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
   * Change feed for caches on other instances: ids of the users created or changed at or after `since`
   * (stamped with the writing instance's clock), each with that stamp. A user may be listed again on a later call;
   * callers treat it as idempotent.
   */
  changedSince(since: Date): Promise<Array<{ id: string; updatedAt: Date }>>;
}
