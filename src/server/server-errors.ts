import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../lib/logger';
import { APPLICATION_JSON, jsonTypeFor } from './media-types';

export const MAX_BODY_BYTES = 100 * 1024;
const MAX_BODY_TEXT = '100kb';

/**
 * Answers an error the server gives itself, before GraphQL runs, in the GraphQL error shape and in the
 * JSON media type the client asked for (application/graphql-response+json or application/json).
 */
export function sendServerError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  code: 'BAD_REQUEST' | 'INTERNAL_SERVER_ERROR' = 'BAD_REQUEST',
): FastifyReply {
  return reply
    .code(status)
    .type(jsonTypeFor(request.headers.accept) ?? APPLICATION_JSON)
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Fastify's own failures (body parsing, size limit, ...) in that shape; anything unexpected is logged and masked. */
export function createServerErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      logger.error({ err: error, requestId: request.id }, 'unexpected HTTP error');
      return sendServerError(request, reply, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
    }
    const message = status === 413 ? `Request body is larger than ${MAX_BODY_TEXT}` : clientMessageOf(error);
    return sendServerError(request, reply, status, message);
  };
}

/**
 * Only Fastify's own fixed messages reach the client: a parser's message (JSON.parse's SyntaxError) may quote
 * the body around the error, password included.
 */
function clientMessageOf(error: FastifyError): string {
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return 'The request body is not valid JSON';
  return error.code?.startsWith('FST_') && error.message ? error.message : 'Bad request';
}

/** A path or method the service does not serve. */
export function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendServerError(request, reply, 404, 'Not found');
}
