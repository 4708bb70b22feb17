import type { AuthPayloadFieldsFragment } from '../gql/graphql';
import type { DeviceTokenStore } from './device-tokens';
import type { RefreshCredentialStore } from './refresh-credential';
import { sessionEndedMessage } from './reason-messages';
import { RefreshRefusedError, requestRefresh } from './refresh-request';
import { sessionIdOf } from './token-claims';

export type SessionUser = AuthPayloadFieldsFragment['user'];

export type SessionState =
  | { status: 'signed-out'; endedBecause?: string }
  | { status: 'signed-in'; user: SessionUser; cookieMode: boolean };

export interface SessionOptions {
  uri: string;
  fetch: typeof fetch;
  credentials: RefreshCredentialStore;
  /** Device tokens: they stay when a session ends, so this device's next login is recognised. */
  devices: DeviceTokenStore;
  /** The clock `expired` reads; tests move it. */
  now?: () => number;
}

/**
 * The one owner of the tokens. The access token lives in this object only (memory), so a reload loses it
 * and `restore()` gets a new one with the refresh credential. Refreshes are single flight: every caller
 * that asks while one is running shares its promise, so N operations failing together cause one refresh.
 */
export class Session {
  private accessToken: string | undefined;
  /** When the access token runs out, by this tab's clock: its receipt plus `expiresIn` (no clock skew). */
  private expiresAt: number | undefined;
  private leaving = false;
  private state: SessionState = { status: 'signed-out' };
  private inFlight: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: SessionOptions) {}

  get current(): SessionState {
    return this.state;
  }

  get token(): string | undefined {
    return this.accessToken;
  }

  /** This sign-in's session id (the token's `sid`): pushed events name the session they are about. */
  get id(): string | undefined {
    return this.accessToken === undefined ? undefined : sessionIdOf(this.accessToken);
  }

  /** True when the access token has run out: a new connection would be refused with it (4403). */
  expired(): boolean {
    return this.expiresAt !== undefined && this.now() >= this.expiresAt;
  }

  /** True while this tab is logging out: the server's announcement of that logout is not news to it. */
  get signingOut(): boolean {
    return this.leaving;
  }

  get cookieMode(): boolean {
    return this.options.credentials.read()?.mode === 'cookie';
  }

  /** The refresh token to pass to `logout`; null in cookie mode, where the server reads the cookie. */
  get refreshTokenForLogout(): string | null {
    const credential = this.options.credentials.read();
    return credential?.mode === 'token' ? credential.refreshToken : null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * The login variables, with this device's token for the account when it has one: a stranger guessing the
   * password for that email then cannot lock this device out.
   */
  loginInput(
    email: string,
    password: string,
    rememberMe = true,
  ): { email: string; password: string; deviceToken: string | null; rememberMe: boolean } {
    return { email, password, deviceToken: this.options.devices.tokenFor(email), rememberMe };
  }

  /** After login, register or refresh: keep the access token in memory and the refresh credential aside. */
  signIn(payload: AuthPayloadFieldsFragment): void {
    this.accessToken = payload.accessToken;
    this.expiresAt = this.now() + payload.expiresIn * 1000;
    this.options.credentials.save(payload.refreshToken);
    this.options.devices.remember(payload.user.email, payload.deviceToken);
    this.setState({ status: 'signed-in', user: payload.user, cookieMode: payload.refreshToken === null });
  }

  /**
   * Forgets every credential this tab holds. `reason` is shown to the user when the server ended it.
   * The device token stays: it proves the device, not the session (logoutAll voids it on the server).
   */
  end(reason?: string): void {
    this.accessToken = undefined;
    this.expiresAt = undefined;
    this.options.credentials.clear();
    this.setState({ status: 'signed-out', endedBecause: reason });
  }

  /**
   * Logout as this tab asks for it: `request` tells the server (logout or logoutAll), then the tab forgets its
   * tokens whatever the answer (already revoked or unreachable: signing out locally is still right).
   */
  async signOut(request: () => Promise<unknown>): Promise<void> {
    this.leaving = true;
    try {
      await request();
    } catch {
      // See above.
    } finally {
      this.leaving = false;
      this.end();
    }
  }

  /**
   * Called when `staleToken` was refused as expired. When another caller has already replaced that token,
   * there is nothing to do but retry; otherwise join (or start) the single refresh in flight.
   */
  refreshAfter(staleToken: string | undefined): Promise<void> {
    if (this.accessToken !== undefined && this.accessToken !== staleToken) return Promise.resolve();
    return this.refresh();
  }

  /** On page load: turn a stored refresh credential into a signed-in session, or stay signed out. */
  async restore(): Promise<void> {
    if (!this.options.credentials.read()) return;
    await this.refresh().catch(() => undefined);
  }

  refresh(): Promise<void> {
    this.inFlight ??= this.runRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async runRefresh(): Promise<void> {
    const credential = this.options.credentials.read();
    if (!credential) {
      this.end(sessionEndedMessage());
      throw new RefreshRefusedError('NO_SESSION');
    }
    try {
      this.signIn(await requestRefresh(this.options.fetch, this.options.uri, credential));
    } catch (error) {
      // A refused refresh ends the session; a network failure keeps the credential for a later try.
      if (error instanceof RefreshRefusedError) this.end(sessionEndedMessage(error.reason));
      throw error;
    }
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private setState(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
