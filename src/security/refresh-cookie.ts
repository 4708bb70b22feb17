import type { Request, Response } from 'express';

/** The browser-mode cookie contract: a web client builds against these exact attributes. */
export const REFRESH_COOKIE_NAME = 'tokengate_refresh';
export const REFRESH_COOKIE_PATH = '/graphql';

/** Reads one cookie from a Cookie header; malformed pairs are skipped, never thrown on. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0 || pair.slice(0, index).trim() !== name) continue;
    const value = pair.slice(index + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(value) || undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * The refresh token in an HttpOnly cookie (REFRESH_TOKEN_COOKIE=true), one per request: scripts never see
 * the token; SameSite=Strict and Path=/graphql keep it off every other request.
 */
export class RefreshCookie {
  constructor(
    private readonly req: Request,
    private readonly res: Response,
    private readonly options: { secure: boolean; maxAgeSeconds: number },
  ) {}

  read(): string | undefined {
    return readCookie(this.req.get('cookie'), REFRESH_COOKIE_NAME);
  }

  set(refreshToken: string): void {
    this.res.cookie(REFRESH_COOKIE_NAME, refreshToken, { ...this.attributes(), maxAge: this.options.maxAgeSeconds * 1000 });
  }

  clear(): void {
    this.res.clearCookie(REFRESH_COOKIE_NAME, this.attributes());
  }

  private attributes() {
    return { httpOnly: true, sameSite: 'strict' as const, path: REFRESH_COOKIE_PATH, secure: this.options.secure };
  }
}
