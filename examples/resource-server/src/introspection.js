import { unavailable } from './errors.js';

/**
 * Asks tokengate whether a token is live right now (RFC 7662), authenticated as one of its
 * INTROSPECTION_CLIENTS. One HTTP round trip per call: only for what must see a logout at once.
 */

/** @typedef {{ active: false } | { active: true, token_type: string, sub: string, scope: string, exp: number }} Introspection */

/**
 * @param {{ endpoint: URL, clientId: string, clientSecret: string }} options
 * @returns {(token: string) => Promise<Introspection>}
 */
export function introspector({ endpoint, clientId, clientSecret }) {
  // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined for HTTP Basic.
  const credentials = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
  return async (token) => {
    let response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
        signal: AbortSignal.timeout(5_000),
      });
    } catch (error) {
      console.error(`introspection failed: ${error.message}`);
      throw unavailable();
    }
    // 401 (our client credentials are wrong), 429, 503…: fail closed, never treat the token as live.
    if (response.status !== 200) {
      console.error(`introspection answered ${response.status}`);
      throw unavailable();
    }
    return response.json();
  };
}

/** @param {string} value */
const formEncode = (value) => encodeURIComponent(value).replace(/%20/g, '+');
