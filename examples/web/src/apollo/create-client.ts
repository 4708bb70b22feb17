import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import type { Session } from '../auth/session';
import { createAuthLink, createRefreshLink } from './auth-links';

export interface ClientOptions {
  uri: string;
  session: Session;
  fetch?: typeof fetch;
}

/** Order matters: the refresh link sits above the auth link, so its retry gets the new token. */
export function createApolloClient({ uri, session, fetch: fetchFn }: ClientOptions): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([
      createRefreshLink(session),
      createAuthLink(session),
      new HttpLink({ uri, ...(fetchFn ? { fetch: fetchFn } : {}) }),
    ]),
    cache: new InMemoryCache(),
  });
}
