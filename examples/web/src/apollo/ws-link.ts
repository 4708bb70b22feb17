import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import { SocketAuth } from '../auth/socket-auth';
import type { Session } from '../auth/session';

/** The WebSocket URL of the GraphQL endpoint: the same path as HTTP, ws(s) for http(s). */
export function webSocketUrlOf(uri: string, base: string): string {
  const url = new URL(uri, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * The socket subscriptions run on. Lazy (graphql-ws' default): it opens with the first subscription and
 * closes when the last one ends, so a signed-out tab, which subscribes to nothing, holds none. graphql-ws
 * retries 4403 (expired or replaced token: at once, see SocketAuth.retryWait), 1001 (shutdown) and 1013, calling
 * `connectionParams` each time; 4401 and 4429 are final.
 */
export function createWsLink(url: string, session: Session): GraphQLWsLink {
  const auth = new SocketAuth(session);
  return new GraphQLWsLink(
    createClient({ url, connectionParams: auth.connectionParams, retryAttempts: 5, retryWait: auth.retryWait, on: { closed: auth.closed } }),
  );
}
