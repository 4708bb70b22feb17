/**
 * Finds tokengate's JWKS and introspection endpoint from its RFC 8414 metadata
 * (GET <TOKENGATE_URL>/.well-known/oauth-authorization-server), once, at start-up.
 */

/** @typedef {{ issuer: string, jwksUri: URL, introspectionEndpoint: URL }} AuthorizationServer */

const METADATA_PATH = '/.well-known/oauth-authorization-server';

/**
 * @param {string} tokengateUrl the origin tokengate is reached at (its PUBLIC_URL)
 * @param {string} expectedIssuer the issuer this service trusts; the document must name the same one
 * @returns {Promise<AuthorizationServer>}
 */
export async function discoverTokengate(tokengateUrl, expectedIssuer) {
  const url = `${tokengateUrl}${METADATA_PATH}`;
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000) }).catch((error) => {
    throw new Error(`cannot reach ${url} (${error.cause?.code ?? error.message})`);
  });
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  const metadata = await response.json();
  if (!metadata.jwks_uri) {
    throw new Error(`${url} lists no jwks_uri: tokengate signs with HMAC; set its JWT_ALGORITHM to ES256, RS256 or PS256`);
  }
  // RFC 8414 §3.3: a document naming another issuer is not to be used (a mix-up, or a misconfiguration).
  if (metadata.issuer !== expectedIssuer) {
    throw new Error(`${url} names the issuer "${metadata.issuer}", not "${expectedIssuer}" (set TOKEN_ISSUER if tokengate's JWT_ISSUER differs)`);
  }
  if (!metadata.introspection_endpoint) {
    throw new Error(`${url} lists no introspection_endpoint: set INTROSPECTION_CLIENTS on tokengate`);
  }
  return { issuer: metadata.issuer, jwksUri: new URL(metadata.jwks_uri), introspectionEndpoint: new URL(metadata.introspection_endpoint) };
}
