import { type Env, envReader } from './env-reader';

/** Defaults of GraphQL over WebSocket (subscriptions); config.ts hands the environment to readWebSocketConfig. */
export const WEBSOCKET_DEFAULTS = {
  WS_MAX_CONNECTIONS_PER_IP: '20',
  WS_MAX_CONNECTIONS_PER_USER: '10',
  WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '20',
  WS_MAX_MESSAGE_BYTES: '65536',
} as const;

/** graphql-ws's own default, and the issue's: a socket that has not sent connection_init by then is closed (4408). */
export const CONNECTION_INIT_WAIT_MS = 3_000;

export interface WebSocketConfig {
  /** Open sockets per client IP (IPv6: per /64), on this instance. */
  readonly maxConnectionsPerIp: number;
  /** Open authenticated sockets per user, on this instance. */
  readonly maxConnectionsPerUser: number;
  /** Running subscriptions on one socket. */
  readonly maxSubscriptionsPerConnection: number;
  /** Largest message a client may send; a bigger one closes the socket (1009). */
  readonly maxMessageBytes: number;
  readonly connectionInitWaitMs: number;
}

export function readWebSocketConfig(env: Env, problems: string[]): WebSocketConfig {
  const { integer } = envReader(env, WEBSOCKET_DEFAULTS, problems);
  return {
    maxConnectionsPerIp: integer('WS_MAX_CONNECTIONS_PER_IP', 1, 100_000),
    maxConnectionsPerUser: integer('WS_MAX_CONNECTIONS_PER_USER', 1, 10_000),
    maxSubscriptionsPerConnection: integer('WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 1, 1_000),
    maxMessageBytes: integer('WS_MAX_MESSAGE_BYTES', 1_024, 1_048_576),
    connectionInitWaitMs: CONNECTION_INIT_WAIT_MS,
  };
}
