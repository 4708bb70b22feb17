import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { HttpSecurityConfig } from '../config/http-security.config';

const SANDBOX_CDN = 'https://embeddable-sandbox.cdn.apollographql.com';
const SANDBOX_FRAME = 'https://sandbox.embed.apollographql.com';
const LANDING_PAGE_CDN = 'https://apollo-server-landing-page.cdn.apollographql.com';

/** JSON only: nothing may load, run or frame. */
const apiHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
});

/**
 * The Sandbox landing page (Apollo's embedded Sandbox): its script from the CDN, its iframe from
 * sandbox.embed.apollographql.com. The page's own <meta> CSP then narrows inline code to its nonce.
 */
const landingPageHeaders = helmet({
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
});

/** Security headers on every response; the relaxed CSP only where the landing page can be served. */
export function securityHeaders(landingPage: boolean, graphqlPath: string): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const mayServeLandingPage = landingPage && req.method === 'GET' && req.path === graphqlPath;
    return (mayServeLandingPage ? landingPageHeaders : apiHeaders)(req, res, next);
  };
}

/** CORS only for the listed origins, with credentials (the refresh cookie); anyone else gets no CORS headers. */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'www-authenticate'],
    maxAge: 600,
  });
}

/** A JSON array body is a batch: refused outright when batching is off, or when longer than allowed. */
export function batchCap(config: Pick<HttpSecurityConfig, 'maxBatch'>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!Array.isArray(req.body)) return next();
    const message =
      config.maxBatch <= 1
        ? 'Batched operations are turned off (GRAPHQL_MAX_BATCH)'
        : req.body.length > config.maxBatch
          ? `A batch may hold at most ${config.maxBatch} operations (GRAPHQL_MAX_BATCH); this one has ${req.body.length}`
          : undefined;
    if (!message) return next();
    res.status(400).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  };
}
