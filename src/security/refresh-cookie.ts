import { apiError } from '../errors/api-errors';
import { cookieValues, HttpOnlyCookie, type CookieSpec } from './http-only-cookie';

/**
 * The browser-mode refresh cookie contract: a web client builds against these exact names and attributes.
 * Wherever the cookie is Secure it carries the `__Host-` prefix, which the browser only accepts with Secure,
 * Path=/ and no Domain: a sibling subdomain (or a plain-HTTP page of this host) cannot set one of that name,
 * so it cannot slip its own session in beside the victim's. Development (plain-HTTP localhost, not Secure)
 * keeps the plain name, and Path=/graphql with it: the cookie there stays the one browsers already hold, and
 * moving it to Path=/ would make such a browser send two of one name, which refresh refuses.
 */
export const REFRESH_COOKIE_NAME = '__Host-tokengate_refresh';
export const DEVELOPMENT_REFRESH_COOKIE = { name: 'tokengate_refresh', path: '/graphql' } as const;
/** What Secure deployments set before the prefix: ignored, and expired when a browser still sends it. */
export const LEGACY_REFRESH_COOKIE = DEVELOPMENT_REFRESH_COOKIE;

export function refreshCookieSpec(secure: boolean, maxAgeSeconds: number): CookieSpec {
  const { name, path } = secure ? { name: REFRESH_COOKIE_NAME, path: '/' } : DEVELOPMENT_REFRESH_COOKIE;
  return { name, path, secure, maxAgeSeconds };
}

const SENT_TWICE =
  'The refresh cookie was sent more than once, so which session it names is ambiguous: nothing was done. Clear this site\'s cookies and sign in again';

/**
 * The refresh token in an HttpOnly cookie (REFRESH_TOKEN_COOKIE=true): scripts never see the token, and
 * SameSite=Strict keeps it off cross-site requests. Only `refresh` and `logout` read it.
 */
export class RefreshCookie extends HttpOnlyCookie {
  /**
   * The token, for refresh and logout. Sent twice, the request is refused (BAD_REQUEST) rather than one being
   * picked: the second may be an attacker's, planted to sign the victim into the attacker's account.
   */
  read(): string | undefined {
    const values = this.values();
    if (values.length > 1) throw apiError('BAD_REQUEST', SENT_TWICE, { httpStatus: 400 });
    return values[0] || undefined;
  }

  /**
   * A browser still holding the pre-prefix cookie (`tokengate_refresh`, Path=/graphql) is told to drop it;
   * it is never read. Only where the name changed (Secure), and only while a request still carries it.
   */
  expireLegacy(): void {
    if (!this.spec.secure || cookieValues(this.request.headers.cookie, LEGACY_REFRESH_COOKIE.name).length === 0) return;
    new HttpOnlyCookie(this.request, this.reply, { ...LEGACY_REFRESH_COOKIE, secure: true, maxAgeSeconds: 0 }).clear();
  }
}
