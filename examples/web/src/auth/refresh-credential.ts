/**
 * Where the refresh token lives between page loads. In cookie mode the server keeps it in an HttpOnly
 * cookie that scripts cannot read, so only the fact that a cookie session exists is stored.
 * Otherwise it is in sessionStorage: gone when the tab closes, and never in localStorage (see README).
 */
export type RefreshCredential = { mode: 'cookie' } | { mode: 'token'; refreshToken: string };

const KEY = 'tokengate.refresh';

export interface CredentialStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class RefreshCredentialStore {
  constructor(private readonly storage: CredentialStorage) {}

  read(): RefreshCredential | undefined {
    const raw = this.storage.getItem(KEY);
    if (raw === null) return undefined;
    if (raw === 'cookie') return { mode: 'cookie' };
    return raw.startsWith('token:') ? { mode: 'token', refreshToken: raw.slice('token:'.length) } : undefined;
  }

  /** A payload whose refreshToken is null means the server set the HttpOnly cookie instead. */
  save(refreshToken: string | null): void {
    this.storage.setItem(KEY, refreshToken === null ? 'cookie' : `token:${refreshToken}`);
  }

  clear(): void {
    this.storage.removeItem(KEY);
  }
}

/** A stand-in for tests and for browsers that refuse sessionStorage (private modes). */
export function memoryStorage(): CredentialStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}
