import type { FormattedExecutionResult } from 'graphql';

type ExecutionResult<T> = FormattedExecutionResult<T, unknown>;
import { createClient, type Client } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';

export const SESSION_EVENTS = 'subscription { sessionEvents { type at sessionId device } }';

export interface Closed {
  code: number;
  reason: string;
}

export interface LiveClient {
  client: Client;
  /** Resolves once the server acknowledged connection_init. */
  connected: Promise<void>;
  /** Resolves with the first close of the socket. */
  closed: Promise<Closed>;
  dispose(): Promise<void>;
}

export interface LiveClientOptions {
  token?: string;
  /** The connection_init payload as given (instead of { authorization: Bearer token }). */
  params?: Record<string, unknown>;
  /** Headers of the upgrade request (Origin, X-Forwarded-For). */
  headers?: Record<string, string>;
}

/** The ws URL of a test server's http URL. */
export const wsUrl = (httpUrl: string): string => httpUrl.replace(/^http/, 'ws');

/**
 * A graphql-ws client (what Apollo Client's GraphQLWsLink wraps) over a real socket, with `ws` as the
 * WebSocket: connects at once, never retries, and exposes its first close.
 */
export function liveClient(httpUrl: string, options: LiveClientOptions = {}): LiveClient {
  const headers = options.headers ?? {};
  class HeaderedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  let resolveConnected!: () => void;
  let resolveClosed!: (closed: Closed) => void;
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  const closed = new Promise<Closed>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: HeaderedWebSocket,
    lazy: false,
    retryAttempts: 0,
    connectionParams: options.params ?? (options.token ? { authorization: `Bearer ${options.token}` } : undefined),
    on: {
      connected: () => resolveConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        resolveClosed({ code, reason: String(reason) });
      },
    },
    // Connection errors surface as the close, which the tests assert.
    onNonLazyError: () => undefined,
  });
  return { client, connected, closed, dispose: () => client.dispose() as Promise<void> };
}

export interface Subscription<T = any> {
  results: ExecutionResult<T>[];
  /** The error sink's argument: GraphQL errors, or the close event. */
  error: unknown;
  completed: boolean;
  /** Resolves when the subscription completes or errs. */
  ended: Promise<void>;
  /** Waits for the n-th result (1-based). */
  result(n: number, timeoutMs?: number): Promise<ExecutionResult<T>>;
  unsubscribe(): void;
}

export function subscribe<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Subscription<T> {
  const subscription: Subscription<T> = {
    results: [],
    error: undefined,
    completed: false,
    ended: Promise.resolve(),
    result: (n, timeoutMs = 3_000) => waitFor(() => subscription.results[n - 1], timeoutMs, `result ${n} of ${query}`),
    unsubscribe: () => undefined,
  };
  subscription.ended = new Promise<void>((resolve) => {
    subscription.unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => void subscription.results.push(result),
        error: (error) => {
          subscription.error = error;
          resolve();
        },
        complete: () => {
          subscription.completed = true;
          resolve();
        },
      },
    );
  });
  return subscription;
}

/** Polls until the value is defined (real sockets: real time), or fails naming what it waited for. */
export async function waitFor<T>(read: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the close, or fails after the timeout (so a socket left open fails the test, not hangs it). */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs).unref()),
  ]);
}

/** A bare WebSocket speaking graphql-transport-ws by hand: for what a well-behaved client never does. */
export function rawSocket(httpUrl: string, headers: Record<string, string> = {}, path = new URL(httpUrl).pathname): WebSocket {
  const url = new URL(wsUrl(httpUrl));
  url.pathname = path;
  return new WebSocket(url.toString(), 'graphql-transport-ws', { headers });
}

/** How the upgrade of a bare socket ended: opened, or refused with an HTTP status. */
export function upgradeOutcome(socket: WebSocket): Promise<'open' | number> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      resolve('open');
      socket.close();
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

export function closeOf(socket: WebSocket): Promise<Closed> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
}

/** A server whose sessionEvents subscriptions can be counted: a TestServer (`onServer`) or a Deployment. */
export interface ListenedServer {
  url: string;
  sessionEventListeners(userId: string): number;
}

/** A TestServer as a ListenedServer. */
export const onServer = (server: { url: string; server: { services: { sessionEvents: { listenerCount(userId: string): number } } } }): ListenedServer => ({
  url: server.url,
  sessionEventListeners: (userId) => server.server.services.sessionEvents.listenerCount(userId),
});

/**
 * A signed-in socket with sessionEvents running, returned once the server has registered the subscription (its
 * listener count for the token's user went up): an event made next is heard, however loaded the machine.
 */
export async function listening(server: ListenedServer, token: string): Promise<{ live: LiveClient; events: Subscription }> {
  const userId = (jwt.decode(token) as { sub: string }).sub;
  const before = server.sessionEventListeners(userId);
  const live = liveClient(server.url, { token });
  await within(live.connected, 3_000, 'ack');
  const events = subscribe(live.client, SESSION_EVENTS);
  await waitFor(() => (server.sessionEventListeners(userId) > before ? true : undefined), 5_000, 'the sessionEvents subscription registered');
  return { live, events };
}
