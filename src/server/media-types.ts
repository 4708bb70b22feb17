import Negotiator from 'negotiator';

// Apollo Server's own media types, spelled as it spells them: negotiating over the same list with the same
// library means tokengate and Apollo always agree on what a client's Accept admits.
export const APPLICATION_JSON = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json; charset=utf-8';
const JSON_CALLBACK = 'application/json; callbackSpec=1.0; charset=utf-8';
const JSON_TYPES = [APPLICATION_JSON, GRAPHQL_RESPONSE_JSON, JSON_CALLBACK];
const TEXT_HTML = 'text/html';
const MULTIPART_TYPES = ['multipart/mixed', 'multipart/mixed; deferSpec=20220824', 'multipart/mixed; incrementalSpec=v0.2'];
const PAGE_TYPES = [...JSON_TYPES.slice(0, 2), ...MULTIPART_TYPES, TEXT_HTML];

// Clients send a handful of distinct Accept values: each is negotiated once. Bounded, so a client
// cycling through made-up values costs a negotiation per request and no memory.
const MAX_REMEMBERED = 64;
const jsonTypeByAccept = new Map<string, string | null>();

/**
 * The JSON media type to answer with: application/graphql-response+json when the client prefers it,
 * else application/json; null when the Accept header admits no JSON type at all (HTTP 406).
 */
export function jsonTypeFor(accept: string | undefined): string | null {
  if (accept === undefined) return APPLICATION_JSON;
  let type = jsonTypeByAccept.get(accept);
  if (type === undefined) {
    const preferred = new Negotiator({ headers: { accept } }).mediaType(JSON_TYPES) ?? null;
    type = preferred === GRAPHQL_RESPONSE_JSON || preferred === null ? preferred : APPLICATION_JSON;
    if (jsonTypeByAccept.size < MAX_REMEMBERED) jsonTypeByAccept.set(accept, type);
  }
  return type;
}

/** Apollo's rule for serving the landing page: a GET whose Accept prefers text/html over every GraphQL type. */
export function prefersHtml(accept: string | undefined): boolean {
  return accept !== undefined && new Negotiator({ headers: { accept } }).mediaType(PAGE_TYPES) === TEXT_HTML;
}
