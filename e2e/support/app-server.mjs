// Serves the built example (examples/web/dist) and proxies /graphql to tokengate, its WebSocket upgrades
// included: one origin for the browser, so no CORS and the SameSite=Strict refresh cookie of cookie mode is sent.
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * Started before tokengate (whose APP_URL is this server's URL), so the API is named afterwards: `proxyTo`.
 * @param {{ distDir: string }} options
 * @returns {Promise<{ url: string, proxyTo: (graphqlUrl: string) => void, stop: () => Promise<void> }>}
 */
export async function startAppServer({ distDir }) {
  let target;
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/graphql')) {
      if (!target) return void res.writeHead(503).end();
      return proxy(req, res, target);
    }
    void serveFile(distDir, req, res);
  });
  // Upgraded sockets leave the server's connection tracking: kept here, so stop() can end them.
  const upgraded = new Set();
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/graphql') || !target) return void socket.destroy();
    proxyUpgrade(req, socket, head, target, upgraded);
  });
  await new Promise((resolve) => server.listen(0, resolve));
  return {
    // localhost, not 127.0.0.1: browsers treat it as a secure context, so a Secure cookie works over http.
    url: `http://localhost:${server.address().port}`,
    proxyTo: (graphqlUrl) => {
      target = new URL(graphqlUrl);
    },
    stop: () => {
      for (const socket of upgraded) socket.destroy();
      return closeAll(server);
    },
  };
}

function closeAll(server) {
  const closed = new Promise((resolve) => server.close(() => resolve()));
  // Keep-alive connections from the browser would hold close() open.
  server.closeAllConnections();
  return closed;
}

function proxy(req, res, target) {
  const upstream = http.request(
    {
      hostname: target.hostname,
      port: target.port,
      path: req.url,
      method: req.method,
      headers: { ...req.headers, host: target.host },
    },
    (answer) => {
      // rawHeaders keeps every Set-Cookie line as the server sent it.
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ message: `proxy: ${error.message}` }] }));
  });
  req.pipe(upstream);
}

/** The upgrade request goes on as it came (its Origin too: tokengate checks it); the two sockets are then piped. */
function proxyUpgrade(req, socket, head, target, upgraded) {
  const upstream = http.request({
    hostname: target.hostname,
    port: target.port,
    path: req.url,
    method: req.method,
    headers: { ...req.headers, host: target.host },
  });
  const track = (...sockets) => {
    for (const each of sockets) {
      upgraded.add(each);
      each.once('close', () => upgraded.delete(each));
    }
  };
  track(socket);
  upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
    track(upstreamSocket);
    socket.write(statusLine(answer) + headerLines(answer.rawHeaders));
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstreamSocket.write(head);
    const endBoth = () => {
      socket.destroy();
      upstreamSocket.destroy();
    };
    socket.on('error', endBoth).on('close', endBoth);
    upstreamSocket.on('error', endBoth).on('close', endBoth);
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
  });
  // Refused before the upgrade (403 for a foreign Origin): the answer goes back as it is.
  upstream.on('response', (answer) => {
    socket.write(statusLine(answer) + headerLines(answer.rawHeaders));
    answer.pipe(socket);
  });
  upstream.on('error', () => socket.destroy());
  upstream.end();
}

const statusLine = (answer) => `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage}\r\n`;

function headerLines(rawHeaders) {
  let lines = '';
  for (let i = 0; i < rawHeaders.length; i += 2) lines += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${lines}\r\n`;
}

/** A file of dist, or index.html for anything else (client-side routes, and paths that try to leave dist). */
async function serveFile(distDir, req, res) {
  const root = resolve(distDir);
  let file = join(root, 'index.html');
  try {
    const candidate = resolve(root, `.${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)}`);
    if (candidate.startsWith(root + sep) && (await stat(candidate)).isFile()) file = candidate;
  } catch {
    // Malformed or missing: index.html.
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(await readFile(file));
}
