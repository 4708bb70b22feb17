/** Client credentials from an HTTP Basic `Authorization` header (RFC 7617), as OAuth clients send them. */
export interface BasicCredentials {
  readonly id: string;
  readonly secret: string;
}

/** Far above any sane id:secret; a longer header is refused before decoding. */
const MAX_HEADER_LENGTH = 2048;
const BASIC = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i;

/** What a 401 from the introspection and revocation endpoints carries in `WWW-Authenticate`. */
export const BASIC_CHALLENGE = 'Basic realm="tokengate", charset="UTF-8"';

/**
 * Parses `Basic base64(id:secret)`. RFC 6749 §2.3.1: the client id and secret are form-urlencoded before
 * they are joined, so an id or secret may carry ":" as %3A; they are decoded after splitting at the first
 * colon. Anything malformed (other scheme, bad base64, no colon, bad percent-encoding, empty id) is undefined.
 */
export function parseBasicCredentials(header: string | undefined): BasicCredentials | undefined {
  if (!header || header.length > MAX_HEADER_LENGTH) return undefined;
  const match = BASIC.exec(header);
  if (!match || match[1].length % 4 !== 0) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  if (!id || secret === undefined) return undefined;
  return { id, secret };
}

/** application/x-www-form-urlencoded decoding: "+" is a space, then percent-decoding. */
function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
