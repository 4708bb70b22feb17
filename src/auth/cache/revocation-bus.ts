/** What a cache of verified tokens and users must hear about: anything that can make one of them stale. */
export interface RevocationListener {
  tokenRevoked(jti: string): void;
  userChanged(userId: string): void;
  /** A session ended (revokeSession, logout, binding mismatch…): every token with that sid is void. */
  sessionRevoked(sessionId: string): void;
}

/**
 * An in-process, synchronous fan-out of revocations. The write paths publish after the store accepted
 * the change and before the mutation answers, so the caller's very next request already sees it.
 */
export class RevocationBus implements RevocationListener {
  private readonly listeners = new Set<RevocationListener>();

  subscribe(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  tokenRevoked(jti: string): void {
    for (const listener of this.listeners) listener.tokenRevoked(jti);
  }

  userChanged(userId: string): void {
    for (const listener of this.listeners) listener.userChanged(userId);
  }

  sessionRevoked(sessionId: string): void {
    for (const listener of this.listeners) listener.sessionRevoked(sessionId);
  }
}
