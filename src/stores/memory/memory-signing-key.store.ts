import type { SigningKeyStore } from '../signing-key.store';

/** Same semantics as the MongoDB store; the records live as long as the process. */
export class MemorySigningKeyStore implements SigningKeyStore {
  private readonly retiredAt = new Map<string, number>();

  async recordRetirement(keyId: string, retiredAt: Date): Promise<Date> {
    if (!this.retiredAt.has(keyId)) this.retiredAt.set(keyId, retiredAt.getTime());
    return new Date(this.retiredAt.get(keyId) as number);
  }

  async forgetRetirement(keyId: string): Promise<boolean> {
    return this.retiredAt.delete(keyId);
  }
}
