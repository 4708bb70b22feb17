import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyReply, FastifyRequest, onRequestHookHandler, RouteHandlerMethod } from 'fastify';
import type { Config } from '../config/config';
import type { RequestContext } from '../graphql/context.type';
import { linkContext, noteOfRequest } from '../metrics/request-notes';
import { batchRefusal } from '../security/http-guards';
import type { SecurityHeaders } from '../security/security-headers';
import { jsonTypeFor, prefersHtml } from './media-types';
import { sendServerError } from './server-errors';

const NOT_ACCEPTABLE =
  "The Accept header admits no JSON response: send Accept: application/json or application/graphql-response+json";

export interface GraphQLRouteDeps {
  apollo: ApolloServer<RequestContext>;
  context: (request: FastifyRequest, reply: FastifyReply) => Promise<RequestContext>;
  config: Config;
  securityHeaders: SecurityHeaders;
}

/** GraphQL over HTTP (GET and POST), served by Apollo; and Apollo's Sandbox page for a browser when introspection is on. */
export function graphqlRoute({ apollo, context, config, securityHeaders }: GraphQLRouteDeps): {
  onRequest: onRequestHookHandler;
  handler: RouteHandlerMethod;
} {
  const landingPage = config.http.introspection;
  // Each context is tied to its HTTP request, so the HTTP metrics learn the operation type (metrics/request-notes.ts).
  const linkedContext = async (request: FastifyRequest, reply: FastifyReply) => linkContext(await context(request, reply), request);
  const execute = fastifyApolloHandler(apollo, { context: linkedContext }) as unknown as RouteHandlerMethod;

  // Before the body is read and anything runs: a client that cannot take a JSON answer gets none, rather
  // than an operation that runs (a refresh spending its token) and then a 406.
  const onRequest: onRequestHookHandler = (request, reply, done) => {
    const accept = request.headers.accept;
    if (landingPage && request.method === 'GET') {
      reply.headers(securityHeaders.landingPage);
      if (prefersHtml(accept)) return done(); // Apollo answers with the Sandbox page
    }
    if (jsonTypeFor(accept) === null) return void sendServerError(request, reply, 406, NOT_ACCEPTABLE);
    done();
  };

  const handler: RouteHandlerMethod = async function (request, reply) {
    const refusal = batchRefusal(request.body, config.http);
    if (refusal) return sendServerError(request, reply, 400, refusal);
    noteOfRequest(request);
    return execute.call(this, request, reply);
  };

  return { onRequest, handler };
}
