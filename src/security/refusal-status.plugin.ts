import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../graphql/context.type';

const codeOf = (error: GraphQLFormattedError): unknown => error.extensions?.code;

/**
 * Gives refused requests their HTTP status. When a rate limit left nothing to answer (data is null),
 * the request as a whole was refused: 429 with Retry-After. Partial answers stay 200, so a client keeps
 * the fields that did run, as do batches. A store outage is 503 whatever else happened: nothing was let through.
 */
export function refusalStatusPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          if (!errors?.length) return;
          if (errors.some((error) => codeOf(error) === 'SERVICE_UNAVAILABLE')) {
            response.http.status = 503;
            return;
          }
          const limited = errors.filter((error) => codeOf(error) === 'TOO_MANY_REQUESTS');
          // A batch shares one status: one refused operation must not mark the others' answers as refused.
          if (limited.length === 0 || data || contextValue.batched) return;
          const retryAfter = Math.max(...limited.map((error) => Number(error.extensions?.retryAfter) || 1));
          response.http.status = 429;
          response.http.headers.set('retry-after', String(retryAfter));
        },
      };
    },
  };
}
