import { describe, expect, it } from 'vitest';
import { createApolloClient } from '../src/apollo/create-client';
import { DeviceTokenStore } from '../src/auth/device-tokens';
import { memoryStorage, RefreshCredentialStore } from '../src/auth/refresh-credential';
import { Session } from '../src/auth/session';
import { LoginDocument } from '../src/graphql/operations';
import { fakeTokengate, type FakeOptions } from './fake-tokengate';

const URI = 'http://tokengate.test/graphql';

function app(options: FakeOptions = {}) {
  const server = fakeTokengate(options);
  // localStorage in the app: one storage that outlives the session (and the tab).
  const deviceStorage = memoryStorage();
  const session = new Session({
    uri: URI,
    fetch: server.fetch,
    credentials: new RefreshCredentialStore(memoryStorage()),
    devices: new DeviceTokenStore(deviceStorage),
  });
  const client = createApolloClient({ uri: URI, session, fetch: server.fetch });
  /** What the login form does. */
  const logIn = async (email: string) => {
    const { data } = await client.mutate({ mutation: LoginDocument, variables: { input: session.loginInput(email, 'the password') } });
    if (data) session.signIn(data.login);
  };
  return { server, session, deviceStorage, logIn };
}

describe('device token', () => {
  it('the first login sends none; the next login sends the one the first returned, whatever the spelling of the email', async () => {
    const { server, logIn } = app();

    await logIn('ada@example.com');
    await logIn('  ADA@example.com ');

    expect(server.loginCalls).toEqual([
      { email: 'ada@example.com', password: 'the password', deviceToken: null, rememberMe: true },
      { email: '  ADA@example.com ', password: 'the password', deviceToken: server.devices[0], rememberMe: true },
    ]);
  });

  it('keeps the newest one, outlives logout and refused refreshes, and a refresh (deviceToken null) does not erase it', async () => {
    const { server, session, logIn } = app();
    await logIn('ada@example.com');
    await logIn('ada@example.com');
    await session.refresh();
    session.end('Your session has ended, please sign in again.');

    expect(session.loginInput('ada@example.com', 'pw').deviceToken).toBe(server.devices[1]);
  });

  it('is kept per account: another email on this device sends none', async () => {
    const { session, logIn } = app();
    await logIn('ada@example.com');

    expect(session.loginInput('grace@example.com', 'pw').deviceToken).toBeNull();
  });

  it('a storage entry that is not what the app wrote is ignored (sends none)', () => {
    const { session, deviceStorage } = app();
    deviceStorage.setItem('tokengate.devices', '{"ada@example.com": 42}');
    expect(session.loginInput('ada@example.com', 'pw').deviceToken).toBeNull();
    deviceStorage.setItem('tokengate.devices', 'not json');
    expect(session.loginInput('ada@example.com', 'pw').deviceToken).toBeNull();
  });
});
