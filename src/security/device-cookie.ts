import { HttpOnlyCookie, type CookieSpec } from './http-only-cookie';

/**
 * Browser mode's device token (issue 11, item 4): an HttpOnly cookie rather than a body field scripts could
 * read. Path=/ and no Domain, so the `__Host-` prefix applies wherever it is Secure (see refresh-cookie.ts);
 * development's plain-HTTP localhost gets the plain name without Secure.
 */
export const DEVICE_COOKIE_NAME = '__Host-tokengate_device';
export const DEVELOPMENT_DEVICE_COOKIE_NAME = 'tokengate_device';

export function deviceCookieSpec(secure: boolean, maxAgeSeconds: number): CookieSpec {
  return { name: secure ? DEVICE_COOKIE_NAME : DEVELOPMENT_DEVICE_COOKIE_NAME, path: '/', secure, maxAgeSeconds };
}

/**
 * Read by the login guard, set by every completed login; never cleared (it proves the device, not a session:
 * logout and refused refreshes leave it). An invalid or foreign one is ignored by KnownDevices.
 */
export class DeviceCookie extends HttpOnlyCookie {
  /** The device token; none when the request carries two (which one is this device's cannot be told). */
  read(): string | undefined {
    const values = this.values();
    return values.length === 1 && values[0] !== '' ? values[0] : undefined;
  }
}
