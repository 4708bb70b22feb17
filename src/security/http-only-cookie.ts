import type { FastifyReply, FastifyRequest } from 'fastify';

/** One cookie of the browser mode: its name and the attributes it is always written with. */
export interface CookieSpec {
  name: string;
  path: string;
  /** Off only in development (plain-HTTP localhost); a `__Host-` name requires it. */
  secure: boolean;
  maxAgeSeconds: number;
}

/**
 * Every value the Cookie header gives exactly `name` (case-sensitive), in the order sent. The browser sends
 * one line per cookie it holds, so two with one name (another Path, or a Domain cookie planted by a sibling
 * subdomain) both arrive, and a parser that keeps the first would let the planted one win: callers look at
 * how many there are first. Names and values are trimmed as @fastify/cookie (the `cookie` package) trims them.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals === -1 || trimmed(pair.slice(0, equals)) !== name) continue;
    values.push(decoded(trimmed(pair.slice(equals + 1))));
  }
  return values;
}

/**
 * An HttpOnly, SameSite=Strict cookie: scripts never see it and cross-site requests never carry it.
 * @fastify/cookie is registered without its request hook; it only serialises Set-Cookie here.
 */
export class HttpOnlyCookie {
  constructor(
    protected readonly request: FastifyRequest,
    protected readonly reply: FastifyReply,
    readonly spec: CookieSpec,
  ) {}

  /** Every value the request carries under this name (see cookieValues). */
  values(): string[] {
    return cookieValues(this.request.headers.cookie, this.spec.name);
  }

  /** `maxAgeSeconds` null: a browser-session cookie (no Max-Age, no Expires), gone when the browser closes. */
  set(value: string, maxAgeSeconds: number | null = this.spec.maxAgeSeconds): void {
    if (maxAgeSeconds === null) return this.write(value, {});
    this.write(value, { maxAge: maxAgeSeconds, expires: new Date(Date.now() + maxAgeSeconds * 1000) });
  }

  /** Expires it at once (the same name, path and attributes, so the browser replaces it rather than adding one). */
  clear(): void {
    this.write('', { expires: new Date(0) });
  }

  private write(value: string, lifetime: { maxAge?: number; expires?: Date }): void {
    const { name, path, secure } = this.spec;
    // No Domain, ever: a host-only cookie is the one a sibling subdomain cannot overwrite (and `__Host-` demands it).
    const attributes = { httpOnly: true, sameSite: 'strict' as const, path, secure };
    this.reply.header('set-cookie', this.reply.server.serializeCookie(name, value, { ...lifetime, ...attributes }));
  }
}

/** Spaces and tabs, as the `cookie` package trims (not String.prototype.trim's wider set). */
function trimmed(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** URI-decoded when it decodes, else as sent (the `cookie` package's rule). */
function decoded(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
