import type { ApolloServerPlugin } from '@apollo/server';
import { apiError } from '../errors/api-errors';
import type { RequestContext } from '../graphql/context.type';

/**
 * A subscription sent over HTTP is refused before it runs (400), pointing at the WebSocket: Apollo would
 * otherwise execute its root field once, without an event, and answer with an internal error.
 */
export function subscriptionsOverWebSocketOnly(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw apiError('BAD_REQUEST', 'Subscriptions run over WebSocket at this same URL (protocol graphql-transport-ws), not over HTTP', {
            httpStatus: 400,
          });
        },
      };
    },
  };
}
