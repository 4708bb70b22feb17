import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApolloClient } from './apollo/create-client';
import { createWsLink, webSocketUrlOf } from './apollo/ws-link';
import { DeviceTokenStore } from './auth/device-tokens';
import { RefreshCredentialStore } from './auth/refresh-credential';
import { Session } from './auth/session';
import { SessionContext } from './auth/session-context';
import { App } from './components/App';
import './styles/app.css';

const uri = import.meta.env.VITE_GRAPHQL_URL ?? '/graphql';
const session = new Session({
  uri,
  fetch: (...args) => fetch(...args),
  credentials: new RefreshCredentialStore(sessionStorage),
  // Unlike the refresh token, it must survive the tab: it proves this device, not this session.
  devices: new DeviceTokenStore(localStorage),
});
const client = createApolloClient({ uri, session, subscriptionLink: createWsLink(webSocketUrlOf(uri, location.href), session) });

// Nothing a signed-out tab shows may come from the previous user's cache.
session.subscribe(() => {
  if (session.current.status === 'signed-out') void client.clearStore();
});

// A reload loses the in-memory access token: trade the stored refresh credential for a new one first.
await session.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <ApolloProvider client={client}>
        <App />
      </ApolloProvider>
    </SessionContext.Provider>
  </StrictMode>,
);
