import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Env } from '../config/env-reader';
import { parseBasicCredentials } from './basic-credentials';

/** The resource servers allowed to call /oauth/introspect and /oauth/revoke, from INTROSPECTION_CLIENTS. */

/** Secrets are compared, not hashed slowly: they must be long random strings, not passwords. */
export const MIN_CLIENT_SECRET_LENGTH = 32;
const MAX_CLIENT_SECRET_LENGTH = 512;
/** Ids appear in logs, audit lines and `client_id` of introspection answers: keep them plain. */
const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Visible ASCII except the comma that separates entries. */
const CLIENT_SECRET = /^[\x21-\x2B\x2D-\x7E]+$/;

export interface ClientEntry {
  readonly id: string;
  readonly secret: string;
}

interface StoredClient {
  readonly id: string;
  readonly idDigest: Buffer;
  readonly secretDigest: Buffer;
}

export class IntrospectionClients {
  // Private fields (#), not properties: config.ts deep-freezes what it holds, and a Buffer cannot be frozen.
  /** Keyed digests: fixed length whatever was presented, and no raw secret kept in memory. */
  readonly #digestKey = randomBytes(32);
  readonly #clients: readonly StoredClient[];

  constructor(entries: readonly ClientEntry[]) {
    this.#clients = entries.map(({ id, secret }) => ({ id, idDigest: this.#digest(id), secretDigest: this.#digest(secret) }));
  }

  /** No clients: the introspection and revocation endpoints do not exist (404). */
  get configured(): boolean {
    return this.#clients.length > 0;
  }

  get ids(): readonly string[] {
    return this.#clients.map((client) => client.id);
  }

  /**
   * The client id whose credentials the `Authorization` header carries, or undefined. Every configured client
   * is compared, in constant time over fixed-length digests, so neither the length of a secret nor whether
   * an id exists shows in the timing.
   */
  authenticateClient(header: string | undefined): { clientId: string } | undefined {
    const presented = parseBasicCredentials(header);
    if (!presented) return undefined;
    const id = this.#digest(presented.id);
    const secret = this.#digest(presented.secret);
    let matched: string | undefined;
    for (const client of this.#clients) {
      const idMatches = timingSafeEqual(id, client.idDigest);
      const secretMatches = timingSafeEqual(secret, client.secretDigest);
      if (idMatches && secretMatches) matched = client.id;
    }
    return matched === undefined ? undefined : { clientId: matched };
  }

  #digest(value: string): Buffer {
    return createHmac('sha256', this.#digestKey).update(value, 'utf8').digest();
  }
}

/**
 * Reads INTROSPECTION_CLIENTS (`id:secret` pairs, comma-separated). Everything wrong with it goes into one
 * problem line naming the variable; entries are named by position or id, never by their secret.
 */
export function readIntrospectionClients(env: Env, problems: string[]): IntrospectionClients {
  const entries = (env.INTROSPECTION_CLIENTS ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  const faults: string[] = [];
  const clients: ClientEntry[] = [];
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = entry.slice(0, colon);
    const secret = entry.slice(colon + 1);
    if (colon < 0) faults.push(`entry ${index + 1} is not id:secret`);
    else if (!CLIENT_ID.test(id)) faults.push(`entry ${index + 1} has an id that is not 1 to 64 letters, digits, ".", "_" or "-"`);
    else if (clients.some((client) => client.id === id)) faults.push(`client "${id}" is listed twice`);
    else if (secret.length < MIN_CLIENT_SECRET_LENGTH) faults.push(`client "${id}" has a secret shorter than ${MIN_CLIENT_SECRET_LENGTH} characters`);
    else if (secret.length > MAX_CLIENT_SECRET_LENGTH || !CLIENT_SECRET.test(secret)) {
      faults.push(`client "${id}" has a secret that is not up to ${MAX_CLIENT_SECRET_LENGTH} visible ASCII characters`);
    } else clients.push({ id, secret });
  });
  if (faults.length > 0) {
    problems.push(`INTROSPECTION_CLIENTS must be comma-separated id:secret pairs with secrets of at least ${MIN_CLIENT_SECRET_LENGTH} characters: ${faults.join('; ')}`);
  }
  return new IntrospectionClients(clients);
}
