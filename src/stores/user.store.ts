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

export interface UserStore {
  /** Throws DuplicateEmailError when the email is taken, atomically (two racing creates: one wins). */
  create(user: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | null>;
  findByEmail(email: string): Promise<UserRecord | null>;
  /** Oldest first. */
  list(page: { limit: number; offset: number }): Promise<UserRecord[]>;
  setRoles(id: string, roles: string[]): Promise<UserRecord | null>;
  incrementTokenVersion(id: string): Promise<UserRecord | null>;
  /** Replaces the hash and raises the token version in one step, so no old token outlives the change. */
  changePassword(id: string, passwordHash: string): Promise<UserRecord | null>;
  /**
   * Change feed for caches on other instances: ids of the users created or changed at or after `since`
   * (stamped with the writing instance's clock). A user may be listed again on a later call; callers treat it as idempotent.
   */
  changedSince(since: Date): Promise<string[]>;
}
