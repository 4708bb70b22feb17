import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Whether an upgrade request may become a WebSocket: the GraphQL path (case and one trailing slash aside,
 * as for HTTP), and an Origin that is ours or in CORS_ORIGINS. A browser always sends Origin, so a page
 * elsewhere cannot ride the user's cookies into a socket (cross-site WebSocket hijacking); a client without
 * Origin is not a browser and is allowed. Answers true or the HTTP status to refuse with.
 */
export function isAllowedUpgrade(request: IncomingMessage, path: string, allowedOrigins: ReadonlySet<string>): true | number {
  const pathname = (request.url ?? '').split('?')[0].replace(/\/$/, '').toLowerCase();
  if (pathname !== path.toLowerCase()) return 404;
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedOrigins.has(origin)) return 403;
  return true;
}

/** A plain HTTP answer on the raw socket, then closed: nothing was upgraded. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  const reason = STATUS_CODES[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}
