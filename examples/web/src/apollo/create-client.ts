import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import type { Session } from '../auth/session';
import { createAuthLink, createRefreshLink } from './auth-links';

export interface ClientOptions {
  uri: string;
  session: Session;
  fetch?: typeof fetch;
  /** The WebSocket link subscriptions go to (ws-link.ts); without it the client has HTTP only. */
  subscriptionLink?: ApolloLink;
}

/**
 * Subscriptions go over the socket, everything else over HTTP. Order matters on HTTP: the refresh link sits
 * above the auth link, so its retry gets the new token.
 */
export function createApolloClient({ uri, session, fetch: fetchFn, subscriptionLink }: ClientOptions): ApolloClient {
  const http = ApolloLink.from([
    createRefreshLink(session),
    createAuthLink(session),
    new HttpLink({ uri, ...(fetchFn ? { fetch: fetchFn } : {}) }),
  ]);
  return new ApolloClient({
    link: subscriptionLink ? ApolloLink.split(({ query }) => isSubscriptionOperation(query), subscriptionLink, http) : http,
    cache: new InMemoryCache(),
  });
}
