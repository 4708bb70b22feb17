import type { Env } from './env-reader';

/**
 * PUBLIC_URL: the origin other services reach this one at, for the absolute URLs of the discovery document
 * (RFC 8414). Read from configuration only, never from a request's Host header, which a client chooses.
 */
export function readPublicUrl(
  env: Env,
  context: { port: number; production: boolean; algorithm: string },
  problems: string[],
): string {
  const text = env.PUBLIC_URL?.trim();
  // With HMAC nothing is published for offline verification; with an asymmetric key the issuer and jwks_uri are this URL.
  if (!text) {
    if (context.production && !context.algorithm.startsWith('HS')) {
      problems.push(`PUBLIC_URL is required when NODE_ENV=production and JWT_ALGORITHM=${context.algorithm}`);
    }
    return `http://localhost:${context.port}`;
  }
  const origin = originOf(text);
  if (!origin) {
    problems.push(`PUBLIC_URL must be an absolute http(s) origin such as https://auth.example.com, without a path, query or credentials (got "${text}")`);
    return `http://localhost:${context.port}`;
  }
  return origin;
}

/** The origin (scheme, host, port) when the text is nothing more, with or without one trailing slash. */
function originOf(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password && !text.includes('?') && !text.includes('#');
  if (!['http:', 'https:'].includes(url.protocol) || !bare || !/^https?:\/\/[^/]+\/?$/i.test(text)) return undefined;
  return url.origin;
}
