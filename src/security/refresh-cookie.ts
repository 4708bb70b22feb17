import type { FastifyReply, FastifyRequest } from 'fastify';

/** The browser-mode cookie contract: a web client builds against these exact attributes. */
export const REFRESH_COOKIE_NAME = 'tokengate_refresh';
export const REFRESH_COOKIE_PATH = '/graphql';

/**
 * The refresh token in an HttpOnly cookie (REFRESH_TOKEN_COOKIE=true), one per request: scripts never see
 * the token; SameSite=Strict and Path=/graphql keep it off every other request. @fastify/cookie is
 * registered without its request hook, so the Cookie header is parsed only by the operations that read it.
 */
export class RefreshCookie {
  constructor(
    private readonly request: FastifyRequest,
    private readonly reply: FastifyReply,
    private readonly options: { secure: boolean; maxAgeSeconds: number },
  ) {}

  read(): string | undefined {
    const header = this.request.headers.cookie;
    return (header && this.request.server.parseCookie(header)[REFRESH_COOKIE_NAME]) || undefined;
  }

  set(refreshToken: string): void {
    const { maxAgeSeconds } = this.options;
    this.write(refreshToken, { maxAge: maxAgeSeconds, expires: new Date(Date.now() + maxAgeSeconds * 1000) });
  }

  /** Expires it at once (the same attributes, so the browser replaces the cookie rather than adding one). */
  clear(): void {
    this.write('', { expires: new Date(0) });
  }

  private write(value: string, lifetime: { maxAge?: number; expires: Date }): void {
    const attributes = { httpOnly: true, sameSite: 'strict' as const, path: REFRESH_COOKIE_PATH, secure: this.options.secure };
    this.reply.header('set-cookie', this.reply.server.serializeCookie(REFRESH_COOKIE_NAME, value, { ...lifetime, ...attributes }));
  }
}
