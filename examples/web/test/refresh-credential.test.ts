import { describe, expect, it } from 'vitest';
import { DeviceTokenStore } from '../src/auth/device-tokens';
import { memoryStorage, RefreshCredentialStore } from '../src/auth/refresh-credential';
import { Session } from '../src/auth/session';
import { fakeTokengate } from './fake-tokengate';

describe('refresh credential and session restore', () => {
  it('keeps a refresh token, or only the marker "cookie" when the payload has refreshToken null', () => {
    const store = new RefreshCredentialStore(memoryStorage());
    store.save('r-1');
    expect(store.read()).toEqual({ mode: 'token', refreshToken: 'r-1' });
    store.save(null);
    expect(store.read()).toEqual({ mode: 'cookie' });
    store.clear();
    expect(store.read()).toBeUndefined();
  });

  it('ignores a stored value it does not recognise (treated as signed out)', () => {
    const storage = memoryStorage();
    storage.setItem('tokengate.refresh', 'garbage');
    expect(new RefreshCredentialStore(storage).read()).toBeUndefined();
  });

  it('restore() signs a reloaded tab in with its stored refresh token, with one refresh', async () => {
    const server = fakeTokengate();
    const storage = memoryStorage();
    new RefreshCredentialStore(storage).save(server.login().refreshToken);
    const session = new Session({ uri: 'http://t/graphql', fetch: server.fetch, credentials: new RefreshCredentialStore(storage), devices: new DeviceTokenStore(memoryStorage()) });

    await session.restore();

    expect(server.refreshCalls).toHaveLength(1);
    expect(session.current.status).toBe('signed-in');
    expect(session.token).toBe(server.issued.at(-1));
  });

  it('restore() without a stored credential sends nothing and stays signed out', async () => {
    const server = fakeTokengate();
    const session = new Session({ uri: 'http://t/graphql', fetch: server.fetch, credentials: new RefreshCredentialStore(memoryStorage()), devices: new DeviceTokenStore(memoryStorage()) });

    await session.restore();

    expect(server.refreshCalls).toHaveLength(0);
    expect(session.current).toEqual({ status: 'signed-out' });
  });

  it('restore() with a refused refresh token clears it and stays signed out, with a reason', async () => {
    const server = fakeTokengate();
    server.refuseRefreshWith('TOKEN_REVOKED');
    const credentials = new RefreshCredentialStore(memoryStorage());
    credentials.save('spent');
    const session = new Session({ uri: 'http://t/graphql', fetch: server.fetch, credentials, devices: new DeviceTokenStore(memoryStorage()) });

    await session.restore();

    expect(credentials.read()).toBeUndefined();
    expect(session.current.status).toBe('signed-out');
    expect(session.current).toHaveProperty('endedBecause');
  });

  it('a network failure during refresh keeps the stored credential for a later try', async () => {
    const credentials = new RefreshCredentialStore(memoryStorage());
    credentials.save('r-1');
    const offline: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const session = new Session({ uri: 'http://t/graphql', fetch: offline, credentials, devices: new DeviceTokenStore(memoryStorage()) });

    await expect(session.refresh()).rejects.toThrow('fetch failed');

    expect(credentials.read()).toEqual({ mode: 'token', refreshToken: 'r-1' });
  });
});
