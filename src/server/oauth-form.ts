import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OAuthErrorCode } from '../errors/error-codes';
import type { Logger } from '../lib/logger';

/** What the OAuth endpoints read their parameters from (RFC 6749 §3.2: a form, each parameter at most once). */
export type FormParameters = ReadonlyMap<string, string>;

const FORM = 'application/x-www-form-urlencoded';

/** Tells the error handler which answer a malformed form gets. */
class FormError extends Error {
  readonly statusCode = 400;
}

/** An RFC 6749 §5.2 error answer; never cached (RFC 6749 §5.1). */
export function sendOAuthError(reply: FastifyReply, status: number, error: OAuthErrorCode, description: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('application/json').send({ error, error_description: description });
}

/**
 * Makes a Fastify scope read form bodies and nothing else: the OAuth endpoints' scope. Any other content type
 * (JSON included) answers 415, and every error there takes the OAuth shape. Scopes are encapsulated, so
 * /graphql keeps its own parsers: JSON only, any other body reaching Apollo unread for its CSRF check.
 */
export function acceptFormBodiesOnly(scope: FastifyInstance, logger: Logger): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (error) {
      done(error as FormError, undefined);
    }
  });
  scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      logger.error({ err: error, requestId: request.id }, 'unexpected OAuth endpoint error');
      return sendOAuthError(reply, 500, 'server_error', 'Internal server error');
    }
    if (status === 415) return sendOAuthError(reply, 415, 'invalid_request', `The body must be ${FORM}`);
    if (status === 413) return sendOAuthError(reply, 413, 'invalid_request', 'The request body is too large');
    return sendOAuthError(reply, status, 'invalid_request', error instanceof FormError ? error.message : 'Bad request');
  });
}

/** URLSearchParams decodes "+" and percent-escapes; a repeated parameter is refused rather than guessed at. */
function parseForm(body: string): FormParameters {
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(body)) {
    if (parameters.has(name)) throw new FormError(`The parameter "${name.slice(0, 40)}" is given more than once`);
    parameters.set(name, value);
  }
  return parameters;
}
