import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, Kind, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { type Context, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RequestAuthenticator } from '../auth/request-authenticator';
import { TokenError } from '../auth/tokens/token.errors';
import type { Config } from '../config/config';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { clientAddressKey } from '../security/client-address';
import { clientIpResolver } from '../server/client-ip';
import { requestIdOf } from '../server/graphql-context';
import { CLOSE_CODES, CLOSE_REASONS, closeCodeFor } from './close-codes';
import { authorizationOf } from './connection-params';
import { LiveConnection } from './live-connection';
import { LiveSockets } from './live-sockets';
import type { SecurityEventBus } from './security-events';
import type { SessionEventBus } from './session-events';
import type { SessionGoesOn } from './session-liveness';
import { socketOperationChecker, tooManySubscriptions, withCode } from './socket-operations';
import { isAllowedUpgrade, refuseUpgrade } from './upgrade-guard';
import { countWebSocket } from '../metrics/hooks';

/** Pings find dead peers (a laptop closed): no pong by the next ping, the socket is dropped. */
const KEEPALIVE_MS = 12_000;

export interface RealtimeDeps {
  config: Config;
  schema: GraphQLSchema;
  authenticator: RequestAuthenticator;
  events: SessionEventBus;
  security: SecurityEventBus;
  /** The store's word on whether a socket's session lives on (token replaced: 4403) or ended (4401). */
  sessionGoesOn: SessionGoesOn;
  clock: Clock;
  logger: Logger;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  path: string;
}

type SocketContext = Context<Record<string, unknown> | undefined, LiveConnection>;

/**
 * GraphQL over WebSocket (graphql-transport-ws, what Apollo Client's GraphQLWsLink speaks) on the HTTP
 * server's own port and path. Subscriptions only, authenticated in connection_init with the same
 * authenticator and cache as HTTP, checked again on every subscribe and every event, closed on expiry and
 * revocation (LiveSockets).
 */
export class RealtimeServer {
  readonly sockets: LiveSockets;
  private readonly wss: WebSocketServer;
  private readonly clientIp: (request: IncomingMessage) => string | undefined;
  /** PUBLIC_URL's origin and CORS_ORIGINS: the pages allowed to open a socket. */
  private readonly allowedOrigins: ReadonlySet<string>;
  private stopping = false;

  constructor(private readonly deps: RealtimeDeps) {
    const { websocket } = deps.config;
    this.sockets = new LiveSockets(websocket, deps.logger, deps.sessionGoesOn);
    this.clientIp = clientIpResolver(deps.config.http.trustProxy);
    this.allowedOrigins = new Set([new URL(deps.config.publicUrl).origin, ...deps.config.http.corsOrigins]);
    // Over maxPayload, ws closes the socket with 1009 before reading the message.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: websocket.maxMessageBytes, handleProtocols });
  }

  /** Takes the upgrades of `path` on this HTTP server; other paths, or a foreign Origin, are refused before the upgrade. */
  attach(server: HttpServer): void {
    const graphqlWs = makeServer(this.serverOptions());
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const refusal = this.stopping ? 503 : isAllowedUpgrade(request, this.deps.path, this.allowedOrigins);
      if (refusal !== true) return refuseUpgrade(socket, refusal);
      this.wss.handleUpgrade(request, socket, head, (ws) => this.opened(ws, request, graphqlWs));
    });
  }

  /** Graceful shutdown: no new upgrades, every socket closed with 1001 (clients reconnect elsewhere). */
  async close(): Promise<void> {
    this.stopping = true;
    this.sockets.closeAll();
    // A peer that does not answer the close handshake is cut after a second, so the HTTP server can stop.
    const deadline = Date.now() + 1_000;
    while ([...this.wss.clients].some((ws) => ws.readyState !== ws.CLOSED) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private opened(ws: WebSocket, request: IncomingMessage, graphqlWs: ReturnType<typeof makeServer<Record<string, unknown> | undefined, LiveConnection>>): void {
    const ip = this.clientIp(request);
    const userAgent = request.headers['user-agent'];
    const connection = new LiveConnection(ws, { requestId: requestIdOf(request), ip, userAgent }, clientAddressKey(ip), this.deps);
    if (!this.sockets.admit(connection)) {
      return connection.close(CLOSE_CODES.TOO_MANY_CONNECTIONS, 'Too many connections from this address');
    }
    countWebSocket(ws);
    const keepAlive = this.keepAlive(ws);
    const closed = graphqlWs.opened(
      {
        protocol: ws.protocol,
        send: (data) => new Promise((resolve, reject) => (ws.readyState === ws.OPEN ? ws.send(data, (err) => (err ? reject(err) : resolve())) : resolve())),
        close: (code, reason) => connection.close(code ?? 1000, reason ?? ''),
        onMessage: (receive) =>
          ws.on('message', (data) => {
            receive(String(data)).catch((error: unknown) => {
              this.deps.logger.error({ err: error, requestId: connection.request.requestId }, 'websocket message failed');
              connection.close(4500, 'Internal server error');
            });
          }),
      },
      connection,
    );
    ws.once('close', (code, reason) => {
      clearInterval(keepAlive);
      this.sockets.remove(connection);
      connection.dispose();
      void closed(code, String(reason));
    });
    ws.on('error', (error) => this.deps.logger.warn({ err: error, requestId: connection.request.requestId }, 'websocket error'));
  }

  private serverOptions(): ServerOptions<Record<string, unknown> | undefined, LiveConnection> {
    const { config, schema, formatError } = this.deps;
    const check = socketOperationChecker({ schema, introspection: config.http.introspection, queryLimits: config.http.queryLimits });
    const format = (error: GraphQLError): GraphQLFormattedError => {
      const coded = labelled(error);
      return formatError(coded.toJSON(), coded);
    };
    return {
      schema,
      connectionInitWaitTimeout: config.websocket.connectionInitWaitMs,
      onConnect: (ctx) => this.connect(ctx),
      onSubscribe: async (ctx, _id, payload) => {
        const connection = ctx.extra;
        // graphql-ws has already reserved this id: it counts.
        const limit = config.websocket.maxSubscriptionsPerConnection;
        if (Object.keys(ctx.subscriptions).length > limit) return [tooManySubscriptions(limit)];
        const operation = check(payload);
        if (Array.isArray(operation)) return operation as readonly GraphQLError[];
        // Authorized against the token and the user as stored now, not as at connect time.
        const outcome = await connection.reauthenticate();
        if (!('caller' in outcome)) {
          this.closeFor(connection, outcome);
          return [new GraphQLError('The connection is closing', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        return { schema, ...(operation as Exclude<typeof operation, readonly GraphQLError[]>), contextValue: connection.contextFor(outcome.caller) };
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map(format) } : undefined,
      onError: (_ctx, _id, _payload, errors) => errors.map(format),
    };
  }

  /** connection_init: anonymous without a token; 4401/4403 for a bad one; 4429 over the per-user limit. */
  private async connect(ctx: SocketContext): Promise<boolean> {
    const connection = ctx.extra;
    let authorization: string | undefined;
    try {
      authorization = authorizationOf(ctx.connectionParams);
    } catch (error) {
      if (!(error instanceof TokenError)) throw error;
      connection.close(CLOSE_CODES.UNAUTHORIZED, CLOSE_REASONS[error.reason]);
      return false;
    }
    const revision = this.sockets.revision;
    const outcome = await connection.reauthenticate(authorization);
    if (!('caller' in outcome)) {
      this.closeFor(connection, outcome);
      return false;
    }
    const { caller } = outcome;
    if (!connection.isOpen) return false;
    if (caller && !this.sockets.admitUser(connection, caller.user.id)) {
      connection.close(CLOSE_CODES.TOO_MANY_CONNECTIONS, 'Too many connections for this user');
      return false;
    }
    connection.signIn(caller, authorization, () => connection.close(CLOSE_CODES.TOKEN_EXPIRED, CLOSE_REASONS.TOKEN_EXPIRED));
    this.sockets.signedIn(connection, revision);
    return true;
  }

  private closeFor(connection: LiveConnection, outcome: { failure: TokenError['reason'] } | { outage: unknown }): void {
    if ('failure' in outcome) return connection.close(closeCodeFor(outcome.failure), CLOSE_REASONS[outcome.failure]);
    this.deps.logger.error({ err: outcome.outage, requestId: connection.request.requestId }, 'websocket authentication failed: store unavailable');
    connection.close(CLOSE_CODES.SERVICE_UNAVAILABLE, 'Service unavailable');
  }

  private keepAlive(ws: WebSocket): NodeJS.Timeout {
    let alive = true;
    ws.on('pong', () => (alive = true));
    const timer = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, KEEPALIVE_MS);
    timer.unref();
    return timer;
  }
}

/**
 * Variables that do not coerce are the client's mistake: Apollo labels them BAD_USER_INPUT over HTTP, and so
 * do we (graphql reports them on the variable's definition), rather than masking them as internal.
 */
function labelled(error: GraphQLError): GraphQLError {
  const onVariable = error.nodes?.length === 1 && error.nodes[0].kind === Kind.VARIABLE_DEFINITION;
  if (error.extensions.code || error.path || !onVariable) return error;
  return withCode(error, 'BAD_USER_INPUT');
}
