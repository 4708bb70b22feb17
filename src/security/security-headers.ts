import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const SANDBOX_CDN = 'https://embeddable-sandbox.cdn.apollographql.com';
const SANDBOX_FRAME = 'https://sandbox.embed.apollographql.com';
const LANDING_PAGE_CDN = 'https://apollo-server-landing-page.cdn.apollographql.com';

/** JSON only: nothing may load, run or frame. */
const API_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
};

/**
 * The Sandbox landing page (Apollo's embedded Sandbox): its script from the CDN, its iframe from
 * sandbox.embed.apollographql.com. The page's own <meta> CSP then narrows inline code to its nonce.
 */
const LANDING_PAGE_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'", SANDBOX_CDN, LANDING_PAGE_CDN],
      styleSrc: ["'self'", "'unsafe-inline'", SANDBOX_CDN, 'https://fonts.googleapis.com'],
      fontSrc: ["'self'", 'https://fonts.gstatic.com'],
      imgSrc: ["'self'", 'data:', LANDING_PAGE_CDN],
      manifestSrc: ["'self'", LANDING_PAGE_CDN],
      frameSrc: ["'self'", SANDBOX_FRAME],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
  },
};

export type HeaderSet = Readonly<Record<string, string>>;

export interface SecurityHeaders {
  /** Every response: helmet's headers with the strict CSP, and no caching of anything that may carry a token. */
  readonly api: HeaderSet;
  /** What differs where the Sandbox page can be served (GET /graphql with introspection on): the CSP. */
  readonly landingPage: HeaderSet;
}

/**
 * The security headers, computed once at start-up. @fastify/helmet would rebuild its helmet middleware
 * (CSP string included) on every request; the headers never change, so they are taken from it once, and
 * one hook copies them onto each response (see http-server.ts).
 */
export async function computeSecurityHeaders(): Promise<SecurityHeaders> {
  const api = await headersOfHelmet(API_OPTIONS);
  const landing = await headersOfHelmet(LANDING_PAGE_OPTIONS);
  const landingPage = Object.fromEntries(Object.entries(landing).filter(([name, value]) => api[name] !== value));
  // Apollo's cache-control plugin used to say this on every GraphQL answer; it is off (per-request work for
  // nothing: no field declares a cache hint), so the header is static now, and on every response.
  return { api: Object.freeze({ ...api, 'cache-control': 'no-store' }), landingPage: Object.freeze(landingPage) };
}

/**
 * Runs the @fastify/helmet plugin once against a recorder standing in for Fastify, then its request hooks
 * against a recorder standing in for a response, and returns the headers they set (lower-case names).
 */
async function headersOfHelmet(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  type Hook = (request: unknown, reply: unknown, done: (error?: unknown) => void) => unknown;
  const hooks: Hook[] = [];
  const instance = {
    hasReplyDecorator: () => true,
    decorateReply: () => undefined,
    addHook: (name: string, hook: Hook) => {
      if (name === 'onRequest') hooks.push(hook);
    },
  };
  await fastifyHelmet(instance as unknown as FastifyInstance, options);

  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  const request = { routeOptions: { config: {} }, raw: { headers: {} } };
  const reply = { raw: response };
  for (const hook of hooks) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: unknown) => (error ? reject(error) : resolve());
      const result = hook(request, reply, done) as Promise<unknown> | undefined;
      result?.then?.(() => resolve(), reject);
    });
  }
  if (!headers['content-security-policy']) throw new Error('@fastify/helmet set no Content-Security-Policy: security headers unknown');
  return headers;
}
