import { createCipheriv, createDecipheriv, createHash, type KeyObject, randomBytes } from 'node:crypto';
import { type DataEncryptionKeys, developmentDataKey } from './data-encryption-key';

/** GCM's standard nonce size; random per encryption (2^32 encryptions per key stay far below the collision risk). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

/** A short id for a key, stored beside what it encrypted so decryption picks the right key: never reveals the key. */
export const dataKeyId = (key: KeyObject): string =>
  createHash('sha256').update('tokengate-data-key:').update(key.export()).digest('base64url').slice(0, 12);

export interface Opened {
  plaintext: string;
  /** True when a previous key opened it: the caller stores it again, encrypted with the current key. */
  stale: boolean;
}

/** The current key was not configured (production without DATA_ENCRYPTION_KEY). */
export class EncryptionUnavailableError extends Error {
  constructor() {
    super('DATA_ENCRYPTION_KEY is not set');
    this.name = 'EncryptionUnavailableError';
  }
}

/**
 * AES-256-GCM for data at rest: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url). `context` is bound as
 * additional authenticated data (e.g. the user id), so a ciphertext copied onto another record does not open.
 */
export class SecretBox {
  private readonly previous: readonly KeyObject[];
  private current: { key: KeyObject; id: string } | undefined;
  private byId: ReadonlyMap<string, KeyObject> | undefined;

  constructor(private readonly keys: DataEncryptionKeys) {
    this.previous = keys.previous;
  }

  /** False in production without DATA_ENCRYPTION_KEY: nothing can be sealed, so 2FA cannot be turned on. */
  get available(): boolean {
    return this.keys.current !== undefined || this.keys.developmentKeyFile !== undefined;
  }

  /** The current key, loaded (development: made) on first use. */
  private currentKey(): { key: KeyObject; id: string } {
    if (!this.current) {
      const key = this.keys.current ?? (this.keys.developmentKeyFile ? developmentDataKey(this.keys.developmentKeyFile) : undefined);
      if (!key) throw new EncryptionUnavailableError();
      this.current = { key, id: dataKeyId(key) };
    }
    return this.current;
  }

  private keyById(id: string): KeyObject | undefined {
    if (!this.byId) {
      const current = this.available ? [this.currentKey().key] : [];
      this.byId = new Map([...this.previous, ...current].map((key) => [dataKeyId(key), key]));
    }
    return this.byId.get(id);
  }

  seal(plaintext: string, context: string): string {
    const current = this.currentKey();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, current.id, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** Throws when the format is wrong, the key is unknown (dropped from the previous keys) or the data was altered. */
  open(sealed: string, context: string): Opened {
    const [format, keyId, iv, ciphertext, tag, ...rest] = sealed.split('.');
    if (format !== FORMAT || rest.length > 0 || !keyId || !iv || ciphertext === undefined || !tag) throw new Error('not a sealed value');
    const key = this.keyById(keyId);
    if (!key) throw new Error(`sealed with an unknown key (${keyId}): is it missing from DATA_ENCRYPTION_PREVIOUS_KEYS?`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    return { plaintext, stale: !this.available || keyId !== this.currentKey().id };
  }
}
